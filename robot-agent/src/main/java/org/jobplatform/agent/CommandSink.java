package org.jobplatform.agent;

/** Where received commands go, from heartbeat answers and from the command stream alike. */
@FunctionalInterface
interface CommandSink {

    void accept(Command command, long receivedAtNanos);
}
