package org.jobplatform.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortOwnerTest {

    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1F94 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1 0000000000000000 100 0 0 10 0
               1: 0000000000000000FFFF00000100007F:1F94 0000000000000000FFFF00000100007F:D948 06 00000000:00000000 03:00000D34 00000000     0        0 0 3 00000000da824a8e
               2: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4712 1 0000000000000000 100 0 0 10 0
            """;

    @Test
    void onlyListeningRowsOfThePortCount() {
        assertThat(PortOwner.listeningInodes(TCP6, 8084)).containsExactly(4711L);
        assertThat(PortOwner.listeningInodes(TCP6, 8081)).containsExactly(4712L);
        assertThat(PortOwner.listeningInodes(TCP6, 8082)).isEmpty();
    }

    @Test
    void onlySocketLinksHaveAnInode() {
        assertThat(PortOwner.socketInode("socket:[4711]")).isEqualTo(4711L);
        assertThat(PortOwner.socketInode("/dev/null")).isNull();
        assertThat(PortOwner.socketInode("anon_inode:[eventpoll]")).isNull();
    }

    @Test
    void thisJvmListensOnAPortItOpened_whereProcTells() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            long pid = ProcessHandle.current().pid();
            PortOwner.listens(pid, socket.getLocalPort()).ifPresent(listens -> assertThat(listens).isTrue());
        }
    }
}
