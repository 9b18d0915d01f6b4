package org.caseload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A file of SQL statements from {@code sql/} (on the class path), run statement by statement with
 * named parameters. A statement ends with a semicolon at the end of a line, outside a {@code $$}
 * quoted body (a multi-line {@code DO} block is one statement).
 */
public final class SqlScript {

    private static final Logger log = LoggerFactory.getLogger(SqlScript.class);

    private final String name;
    private final List<String> statements;

    private SqlScript(String name, List<String> statements) {
        this.name = name;
        this.statements = statements;
    }

    public static SqlScript load(String path) {
        try {
            return new SqlScript(path, split(new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    /** The statements of a script, without comment lines and without their closing semicolons. */
    static List<String> split(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!quoted && (trimmed.startsWith("--") || trimmed.isEmpty())) {
                continue;
            }
            current.append(line).append('\n');
            if (line.split("\\$\\$", -1).length % 2 == 0) {
                quoted = !quoted;
            }
            if (!quoted && trimmed.endsWith(";")) {
                statements.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return List.copyOf(statements);
    }

    /** The same script with each {NAME} replaced (for numbers from the configuration, never input text). */
    public SqlScript with(Map<String, String> values) {
        List<String> replaced = statements.stream().map(statement -> {
            String text = statement;
            for (Map.Entry<String, String> e : values.entrySet()) {
                text = text.replace("{" + e.getKey() + "}", e.getValue());
            }
            return text;
        }).toList();
        return new SqlScript(name, replaced);
    }

    /** Runs every statement in order; returns the rows each changed. */
    public int[] run(NamedParameterJdbcTemplate jdbc, Map<String, ?> params) {
        int[] counts = new int[statements.size()];
        for (int i = 0; i < statements.size(); i++) {
            long start = System.nanoTime();
            counts[i] = jdbc.update(statements.get(i), params);
            if (log.isDebugEnabled()) {
                log.debug("{} #{}: {} rows in {} ms: {}", name, i + 1, counts[i], (System.nanoTime() - start) / 1_000_000,
                        statements.get(i).lines().findFirst().orElse(""));
            }
        }
        return counts;
    }

    @Override
    public String toString() {
        return name;
    }
}
