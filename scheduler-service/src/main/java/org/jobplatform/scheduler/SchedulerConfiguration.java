package org.jobplatform.scheduler;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The scheduler's clock and settings. Every time decision (what is due, what is a misfire, what "in the past"
 * means) reads this clock, so tests can replace it (a {@code @Primary} clock) and run minutes of schedule in seconds.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulerProperties.class)
public class SchedulerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
