package org.caseload.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.caseload.CaseloadApplication;
import org.caseload.CaseloadProperties;
import org.caseload.ConfigValidator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.ClassPathResource;

/**
 * One run of the command line: the parsed options, and the Spring application started on demand
 * (commands that need no database, like {@code generate}, never start it).
 */
final class Invocation implements AutoCloseable {

    final PrintStream out;
    final PrintStream err;
    final Path config;
    final Path reports;
    final boolean debug;
    private final Map<String, String> options;
    private final List<String> springArgs;
    private ConfigurableApplicationContext context;

    Invocation(PrintStream out, PrintStream err, Path config, Path reports, boolean debug, Map<String, String> options,
            List<String> springArgs) {
        this.out = out;
        this.err = err;
        this.config = config;
        this.reports = reports;
        this.debug = debug;
        this.options = options;
        this.springArgs = new ArrayList<>(springArgs);
    }

    String option(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    int intOption(String name, int dflt, int min, int max) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, not '" + v + "'");
        }
    }

    LocalDate dateOption(String name, LocalDate dflt) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + name + " takes a date YYYY-MM-DD, not '" + v + "'");
        }
    }

    /** Adds a property for the Spring application, unless the user set it on the command line. */
    void defaultProperty(String name, String value) {
        if (springArgs.stream().noneMatch(a -> a.startsWith("--" + name + "="))) {
            springArgs.add("--" + name + "=" + value);
        }
    }

    /** The validated configuration without starting the application (for commands that need no database). */
    CaseloadProperties loadConfig() throws Exception {
        requireConfigFile();
        StandardEnvironment env = new StandardEnvironment();
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        for (PropertySource<?> source : yaml.load("practice", new FileSystemResource(config))) {
            env.getPropertySources().addLast(source);
        }
        for (PropertySource<?> source : yaml.load("defaults", new ClassPathResource("application.yml"))) {
            env.getPropertySources().addLast(source);
        }
        CaseloadProperties properties = new Binder(ConfigurationPropertySources.get(env))
                .bind("caseload", Bindable.of(CaseloadProperties.class),
                        new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
                .get();
        ConfigValidator.validate(properties);
        return properties;
    }

    /** The Spring application (database, jobs), started on first use and closed with this invocation. */
    ConfigurableApplicationContext context() {
        if (context == null) {
            requireConfigFile();
            List<String> args = new ArrayList<>(springArgs);
            Path schedule = config.toAbsolutePath().resolveSibling("schedule.yml");
            args.add("--spring.config.import=file:" + config.toAbsolutePath() + ",optional:file:" + schedule);
            SpringApplication app = new SpringApplication(CaseloadApplication.class);
            app.setLogStartupInfo(false);
            context = app.run(args.toArray(String[]::new));
        }
        return context;
    }

    <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    private void requireConfigFile() {
        if (!Files.isRegularFile(config)) {
            throw new UsageException("The configuration file " + config + " does not exist (give another with --config FILE)");
        }
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}
