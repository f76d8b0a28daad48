package org.jobplatform.scheduler.firing;

/**
 * Loads lz4-java's native library, so that the Kafka client compresses the job requests with it. lz4-java picks its
 * native code by itself only when it was loaded by the system class loader; in the service's executable jar it is
 * loaded by Spring Boot's class loader and falls back to its pure-Java compressor, several times slower (decision
 * 20). Once the native library is loaded, {@code LZ4Factory.fastestInstance()}, which the Kafka client asks for each
 * batch it compresses, answers with it. lz4-java is the Kafka client's runtime dependency, so it is reached by name.
 */
final class NativeLz4 {

    private static final String FACTORY = "net.jpountz.lz4.LZ4Factory";

    /** Loads the native LZ4 library when it is not yet; whether the native compressor is in use now. */
    static boolean load() {
        try {
            Class<?> factory = Class.forName(FACTORY, true, NativeLz4.class.getClassLoader());
            Object nativeInstance = factory.getMethod("nativeInstance").invoke(null);
            return nativeInstance == factory.getMethod("fastestInstance").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
            // no native library for this platform, or it cannot be loaded here: the Java compressor stays
            return false;
        }
    }

    private NativeLz4() {
    }
}
