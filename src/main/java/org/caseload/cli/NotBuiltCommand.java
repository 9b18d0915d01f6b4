package org.caseload.cli;

import java.util.Set;

/** A command of the contract that this version does not have yet: it says so and exits 1. */
final class NotBuiltCommand implements Command {

    private final String name;
    private final String synopsis;
    private final String what;
    private final Set<String> valueOptions;

    NotBuiltCommand(String name, String synopsis, String what, String... valueOptions) {
        this.name = name;
        this.synopsis = synopsis;
        this.what = what;
        this.valueOptions = Set.of(valueOptions);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String synopsis() {
        return synopsis;
    }

    @Override
    public String help() {
        return "Not built yet: " + what + ".";
    }

    @Override
    public Set<String> valueOptions() {
        return valueOptions;
    }

    @Override
    public Set<String> flags() {
        return Set.of("finalize", "send", "failed");
    }

    @Override
    public int run(Invocation invocation) {
        invocation.err.println("caseload " + name + ": not built yet in this version (" + what + ").");
        return 1;
    }
}
