package org.caseload.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.caseload.CaseloadProperties;
import org.caseload.PracticeConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;

/** A row's own checks (contract section 9), on jobs/practice.yml with one policy value changed. */
class RowParserTest {

    private static final InboxFile FILE = new InboxFile(1, InboxKind.APPOINTMENTS, Path.of("appointments.csv"), "");

    @Test
    void withNoLateCancelHoursOnlyACancellationAfterTheStartIsLate() throws Exception {
        RowParser parser = new RowParser(config(Map.of("caseload.policy.late-cancel-hours", "0")));

        // 30 seconds after the start: elapsed time -30 s, strictly less than 0 h
        assertThat(status(parser, "2026-03-12T10:00:00-04:00", "2026-03-12T10:00:30-04:00")).isEqualTo("late_cancel");
        assertThat(status(parser, "2026-03-12T10:00:00-04:00", "2026-03-12T10:00:00-04:00")).isEqualTo("cancelled");
        assertThat(status(parser, "2026-03-12T10:00:00-04:00", "2026-03-12T09:59:30-04:00")).isEqualTo("cancelled");
    }

    @Test
    void lateCancelHoursCompareTheTwoInstantsToTheSecond() throws Exception {
        RowParser parser = new RowParser(config(Map.of()));

        assertThat(status(parser, "2026-03-12T10:00:00-04:00", "2026-03-11T10:00:00-04:00")).isEqualTo("cancelled");
        assertThat(status(parser, "2026-03-12T10:00:00-04:00", "2026-03-11T10:00:01-04:00")).isEqualTo("late_cancel");
        // the same instants written with other offsets
        assertThat(status(parser, "2026-03-12T14:00:00Z", "2026-03-11T16:00:01+02:00")).isEqualTo("late_cancel");
        assertThat(status(parser, "2026-03-12T14:00:00Z", "2026-03-11T16:00:00+02:00")).isEqualTo("cancelled");
    }

    @Test
    void statusSpellingsAreLowerCasedWithRunsOfSeparatorsAsOneSpace() {
        assertThat(RowParser.words(" No -_ Show\t")).isEqualTo("no show");
        assertThat(RowParser.words("LATE\r\ncanceled")).isEqualTo("late canceled");
        assertThat(RowParser.words("LateCancel")).isEqualTo("latecancel");
        assertThat(RowParser.words("--")).isEmpty();
    }

    private static String status(RowParser parser, String start, String cancelledAt) {
        Map<String, String> values = Map.of("appointment_id", "A1", "clinician_id", "C1", "client_id", "K1",
                "start", start, "duration_minutes", "50", "service_code", "90837", "status", "cancelled",
                "cancelled_at", cancelledAt);
        String[] row = InboxKind.APPOINTMENTS.columns().stream().map(values::get).toArray(String[]::new);
        ParsedRow parsed = parser.process(new InboxRow(FILE, 2, String.join(",", row), row, null));
        assertThat(parsed).isInstanceOf(ParsedRow.Staged.class);
        return (String) ((ParsedRow.Staged) parsed).values()[InboxKind.APPOINTMENTS.stageColumns().indexOf("status")];
    }

    private static PracticeConfig config(Map<String, String> changed) throws Exception {
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        sources.add(new MapConfigurationPropertySource(changed));
        ConfigurationPropertySources.from(new YamlPropertySourceLoader()
                .load("practice.yml", new FileSystemResource("jobs/practice.yml"))).forEach(sources::add);
        return new PracticeConfig(new Binder(sources).bind("caseload", CaseloadProperties.class).get());
    }
}
