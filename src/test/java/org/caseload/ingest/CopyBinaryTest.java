package org.caseload.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.caseload.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Values written in binary COPY read back from PostgreSQL as the values written: numbers with
 * their scale and sign, dates and instants either side of PostgreSQL's epoch, text with
 * characters text COPY would escape, nulls.
 */
class CopyBinaryTest {

    private static final List<String> AMOUNTS = List.of("0", "0.00", "7", "-7", "120.5", "120.50", "-0.01", "0.05",
            "10000", "10000.00", "12345678.9", "-99999999999.99", "100000000", "5000.01", "1.10",
            "0.12345", "-123456789012345678", "-12345678901234.56", "1234567890123.4567", "123456789012345.678",
            "0.0001", "99999.9999", "0.10", "-0.1", "9999.99", "-10000.01", "1.234", "-1.2340",
            "999999999999.999", "-99999999999999.9", "999999999999999", "1000000000000000");

    @Test
    void valuesArriveAsWritten() throws Exception {
        CopyBinary copy = new CopyBinary();
        List<String> expected = new ArrayList<>();
        int i = 0;
        for (String amount : AMOUNTS) {
            OffsetDateTime at = OffsetDateTime.parse("1999-12-31T23:59:59.5-05:00").plusDays(i * 400L).plusMinutes(i);
            LocalDate day = LocalDate.of(1999, 12, 31).plusDays(i * 401L);
            String text = i % 3 == 0 ? null : "é \"quoted\", tab\there\\ line" + i;
            copy.row(6);
            copy.value(i);
            copy.value((long) i << 40);
            copy.value(new BigDecimal(amount));
            copy.value(day);
            copy.value(at);
            copy.value(text);
            expected.add(i + "|" + ((long) i << 40) + "|" + amount + "|" + day + "|" + at.toInstant() + "|" + text);
            i++;
        }

        List<String> read = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("create temp table t (i integer, l bigint, n numeric, d date, at timestamptz, s text)");
            var in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy t from stdin (format binary)");
            in.writeToCopy(copy.bytes(), 0, copy.length());
            in.endCopy();
            try (ResultSet rs = s.executeQuery("select i, l, n::text, d, at, s from t order by i")) {
                while (rs.next()) {
                    read.add(rs.getInt(1) + "|" + rs.getLong(2) + "|" + rs.getString(3) + "|"
                            + rs.getObject(4, LocalDate.class) + "|"
                            + rs.getObject(5, OffsetDateTime.class).toInstant() + "|" + rs.getString(6));
                }
            }
        }
        assertThat(read).isEqualTo(expected);
    }
}
