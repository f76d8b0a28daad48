package org.jobplatform.audit.projection;

/** Text comparisons the merges share with the database's upserts (which compare in the "C" collation). */
final class Facts {

    /** Compares with {@code null} as the empty text. */
    static int compareText(String a, String b) {
        return (a == null ? "" : a).compareTo(b == null ? "" : b);
    }

    /** The greater of two texts, ignoring a {@code null} one, as PostgreSQL's {@code greatest} does. */
    static String greatest(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }

    private Facts() {
    }
}
