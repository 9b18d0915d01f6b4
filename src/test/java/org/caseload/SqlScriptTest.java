package org.caseload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void aStatementEndsWithASemicolonAtALineEndOutsideADollarQuotedBody() {
        String script = """
                -- a comment
                select 1;
                do $$ begin
                    if true then
                        perform 2;

                        -- kept: inside the body
                    end if;
                end $$;
                do $$ begin perform 3; end $$;
                select 4
                """;

        assertThat(SqlScript.split(script)).containsExactly(
                "select 1",
                "do $$ begin\n    if true then\n        perform 2;\n\n        -- kept: inside the body\n    end if;\nend $$",
                "do $$ begin perform 3; end $$",
                "select 4");
    }
}
