package org.jobplatform.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

/**
 * In a class loader other than the system one, as in the service's executable jar, lz4-java compresses in Java
 * until its native library is loaded; {@link NativeLz4#load()} loads it, and the factory the Kafka client asks for
 * then answers with the native compressor.
 */
class NativeLz4Test {

    private static final String FACTORY = "net.jpountz.lz4.LZ4Factory";

    @Test
    void outsideTheSystemClassLoader_lz4CompressesInJava_untilTheNativeLibraryIsLoaded() throws Exception {
        URL lz4 = Class.forName(FACTORY).getProtectionDomain().getCodeSource().getLocation();
        URL classes = NativeLz4.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {lz4, classes},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> factory = Class.forName(FACTORY, true, loader);
            Method fastest = factory.getMethod("fastestInstance");
            assertThat(fastest.invoke(null).toString()).startsWith("LZ4Factory:Java");

            Method load = Class.forName(NativeLz4.class.getName(), true, loader).getDeclaredMethod("load");
            load.setAccessible(true);

            assertThat(load.invoke(null)).isEqualTo(true);
            assertThat(fastest.invoke(null)).hasToString("LZ4Factory:JNI")
                    .isSameAs(factory.getMethod("nativeInstance").invoke(null));
        }
    }
}
