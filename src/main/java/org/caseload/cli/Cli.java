package org.caseload.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caseload.ConfigValidator.InvalidConfigException;
import org.caseload.Failures;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;

/**
 * The command line of contract section 1. Global options ({@code --config}, {@code --reports},
 * {@code --debug}) may stand before or after the command; {@code --spring.*},
 * {@code --caseload.*} and {@code --logging.*} options pass through to the application.
 * Exit codes: 0 success, 1 failure, 2 wrong usage.
 */
public final class Cli {

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        for (Command c : List.of(new DemoCommand(), new GenerateCommand(), new EtlCommand(),
                new PayrollCommand(),
                new CheckinsCommand(),
                new ServeCommand(),
                new JobsCommand(), new BenchCommand())) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path config = Path.of("jobs/practice.yml");
        Path reports = Path.of("reports");
        boolean debug = false;
        boolean help = false;
        Command command = null;
        Map<String, String> options = new LinkedHashMap<>();
        List<String> springArgs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    help = true;
                    continue;
                }
                if (!arg.startsWith("--")) {
                    if (command != null) {
                        throw new UsageException("Unexpected argument '" + arg + "'");
                    }
                    command = COMMANDS.get(arg);
                    if (command == null) {
                        throw new UsageException("Unknown command '" + arg + "'");
                    }
                    continue;
                }
                int eq = arg.indexOf('=');
                String name = arg.substring(2, eq < 0 ? arg.length() : eq);
                String inline = eq < 0 ? null : arg.substring(eq + 1);
                if (name.startsWith("spring.") || name.startsWith("caseload.") || name.startsWith("logging.")) {
                    springArgs.add(inline != null ? arg : arg + "=" + value(args, ++i, name));
                } else if (name.equals("debug")) {
                    debug = true;
                } else if (name.equals("config")) {
                    config = Path.of(inline != null ? inline : value(args, ++i, name));
                } else if (name.equals("reports")) {
                    reports = Path.of(inline != null ? inline : value(args, ++i, name));
                } else if (command == null) {
                    throw new UsageException("Option --" + name + " belongs after a command");
                } else if (command.valueOptions().contains(name)) {
                    options.put(name, inline != null ? inline : value(args, ++i, name));
                } else if (command.flags().contains(name) && inline == null) {
                    options.put(name, "true");
                } else {
                    throw new UsageException("Unknown option --" + name + " for " + command.name());
                }
            }
            if (help || command == null) {
                out.print(command == null ? usage() : usage(command));
                return help ? 0 : 2;
            }
        } catch (UsageException e) {
            err.println("caseload: " + e.getMessage());
            err.println();
            err.print(command == null ? usage() : usage(command));
            return 2;
        }
        if (debug) {
            springArgs.add("--logging.level.org.springframework.batch=ERROR");
            springArgs.add("--logging.level.org.springframework.boot.SpringApplication=ERROR");
        }
        try (Invocation invocation = new Invocation(out, err, config, reports, debug, options, springArgs)) {
            return command.run(invocation);
        } catch (UsageException e) {
            err.println("caseload " + command.name() + ": " + e.getMessage());
            return 2;
        } catch (Throwable t) {
            err.println("caseload " + command.name() + " failed: " + describe(t));
            if (debug) {
                t.printStackTrace(err);
            } else {
                err.println("(run again with --debug for the details)");
            }
            return 1;
        }
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException("Option --" + name + " needs a value");
        }
        return args[i];
    }

    /** One paragraph a person can act on, from whatever went wrong. */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidConfigException e) {
                return e.getMessage();
            }
            if (c instanceof UnboundConfigurationPropertiesException e) {
                return "Invalid configuration: unknown key(s) "
                        + String.join(", ", e.getUnboundProperties().stream().map(p -> p.getName().toString()).sorted().toList());
            }
            if (c instanceof BindException e) {
                Throwable root = Failures.rootCause(e);
                return "Invalid configuration: " + e.getName() + ": " + (root == e ? e.getMessage() : root.getMessage());
            }
            if (c instanceof UsageException e) {
                return e.getMessage();
            }
            if (c.getClass().getName().startsWith("org.caseload.") && c.getMessage() != null) {
                return c.getMessage(); // ours: written for the operator
            }
        }
        return Failures.message(t);
    }

    static String usage() {
        StringBuilder b = new StringBuilder("Usage: java -jar target/caseload.jar [--config FILE] [--reports DIR] [--debug] COMMAND [OPTIONS]\n\n");
        b.append("Commands:\n");
        COMMANDS.values().forEach(c -> b.append(String.format("  %-9s %s%n", c.name(), c.synopsis())));
        b.append("\nGlobal options:\n")
                .append("  --config FILE   configuration (default jobs/practice.yml)\n")
                .append("  --reports DIR   where workbooks are written (default reports/)\n")
                .append("  --debug         show stack traces\n")
                .append("Database: embedded PostgreSQL under data/ unless SPRING_DATASOURCE_URL is set.\n")
                .append("Run 'caseload COMMAND --help' for a command's options.\n");
        return b.toString();
    }

    static String usage(Command c) {
        return "Usage: caseload " + c.name() + " " + c.synopsis() + "\n\n" + c.help() + "\n";
    }
}
