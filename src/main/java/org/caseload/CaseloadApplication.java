package org.caseload;

import org.caseload.cli.Cli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties(CaseloadProperties.class)
public class CaseloadApplication {

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.out, System.err));
    }

    /** Start-up stops here, naming the key, when practice.yml holds a value Caseload cannot use. */
    @Bean
    PracticeConfig practiceConfig(CaseloadProperties properties) {
        ConfigValidator.validate(properties);
        return new PracticeConfig(properties);
    }
}
