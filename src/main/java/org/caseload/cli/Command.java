package org.caseload.cli;

import java.util.Set;

/** One command of the command line (contract section 1). */
interface Command {

    String name();

    /** The usage line's options, e.g. {@code [--inbox DIR] [--as-of DATE]}. */
    String synopsis();

    /** What it does and what each option means, for {@code --help}. */
    String help();

    /** Options that take a value. */
    Set<String> valueOptions();

    /** Options that are on or off. */
    default Set<String> flags() {
        return Set.of();
    }

    int run(Invocation invocation) throws Exception;
}
