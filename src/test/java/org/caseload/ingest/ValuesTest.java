package org.caseload.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The hand-written checks accept exactly what the patterns and java.time parsers they replace accept. */
class ValuesTest {

    private static final List<String> NUMBERS = List.of("0", "7", "-7", "+7", "120.5", "120.50", "120.505", "-0.01",
            "1.", ".5", "", "+", "-", "1e3", "1,200.00", "١٢", "12 ", "1.2.3", "00012", "99999999999");

    @Test
    void numbersAsThePatterns() {
        Pattern integer = Pattern.compile("[+-]?\\d+");
        Pattern decimal = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
        Pattern amount = Pattern.compile("[+-]?\\d+(\\.\\d{1,2})?");
        for (String v : NUMBERS) {
            assertEquals(integer.matcher(v).matches(), Values.isInteger(v), v);
            assertEquals(decimal.matcher(v).matches(), Values.isDecimal(v, Integer.MAX_VALUE), v);
            assertEquals(amount.matcher(v).matches(), Values.isDecimal(v, 2), v);
        }
    }

    @Test
    void datesAsLocalDate() {
        assertEquals(LocalDate.of(2024, 2, 29), Values.date("2024-02-29"));
        for (String v : List.of("2023-02-29", "2026-13-01", "2026-1-01", "2026/01/01", "26-01-01", "2026-01-0a", "")) {
            assertNull(Values.date(v), v);
        }
    }

    @Test
    void dateTimesAsJavaTime() {
        ZoneId zone = ZoneId.of("America/New_York");
        for (String v : List.of("2026-03-09T14:00:00-04:00", "2026-03-09T14:00:00Z", "2026-03-09T14:00:00+05:30",
                "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-03-09T14:00:00+05:45",
                "2026-03-09T14:00:00-09:30", "2026-03-09T14:00:00+00:20", "2026-03-09T14:00:00-00:00",
                "2026-03-09T14:00:00+18:00", "2026-03-09T14:00:00-18:00")) {
            assertEquals(OffsetDateTime.parse(v), Values.dateTime(v, zone), v);
        }
        // local times: the practice zone, with java.time's rules for the DST gap and overlap
        for (String v : List.of("2026-03-09T14:00:00", "2026-03-08T02:30:00", "2026-11-01T01:30:00")) {
            assertEquals(ZonedDateTime.of(LocalDateTime.parse(v), zone).toOffsetDateTime(), Values.dateTime(v, zone), v);
        }
        // other shapes are left to java.time's parser (null here), impossible values too
        for (String v : List.of("2026-03-09T14:00-04:00", "2026-03-09T14:00:00.5Z", "2026-03-09 14:00:00",
                "2026-02-30T10:00:00", "2026-03-09T25:00:00", "2026-03-09T14:00:00+1:00", "2026-03-09T14:00:00+19:00",
                "2026-03-09T14:00:00+18:30", "2026-03-09T14:00:00+05:60", "2026-03-09T14:00:00-05:75")) {
            assertNull(Values.dateTime(v, zone), v);
        }
    }
}
