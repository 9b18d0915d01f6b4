package org.caseload.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary COPY format, built in memory for one COPY: a header, then per row
 * the field count and each field as its length and bytes (-1 for null), then a trailer. The
 * database takes binary values as they are, where text would have to be parsed (timestamps and
 * numbers above all): that parsing was most of the database's share of staging.
 */
final class CopyBinary {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01, PostgreSQL's epoch for dates and timestamps. */
    private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final long[] POW10 = {1, 10, 100, 1_000};

    /** A numeric's base-10000 digits, least significant first: a long has at most five. */
    private final short[] groups = new short[5];

    private byte[] buf = new byte[1 << 16];
    private int len;
    private boolean ended;

    CopyBinary() {
        reset();
    }

    /** Empties the buffer (keeping its memory) for a new COPY: the header only. */
    void reset() {
        len = 0;
        ended = false;
        write(SIGNATURE, 0, SIGNATURE.length);
        int32(0); // flags
        int32(0); // header extension length
    }

    /** Starts a row of {@code fields} fields. */
    void row(int fields) {
        int16(fields);
    }

    /**
     * A value of type String (text), Integer (integer), Long (bigint), BigDecimal (numeric),
     * LocalDate (date) or OffsetDateTime (timestamptz); null for SQL null.
     */
    void value(Object value) {
        if (value == null) {
            int32(-1);
        } else if (value instanceof String s) {
            text(s);
        } else if (value instanceof Integer i) {
            int32(4);
            int32(i);
        } else if (value instanceof Long l) {
            int32(8);
            int64(l);
        } else if (value instanceof BigDecimal d) {
            numeric(d);
        } else if (value instanceof LocalDate d) {
            int32(4);
            int32((int) (d.toEpochDay() - PG_EPOCH_DAY));
        } else if (value instanceof OffsetDateTime t) {
            int32(8);
            int64((t.toEpochSecond() - PG_EPOCH_SECOND) * 1_000_000 + t.getNano() / 1_000);
        } else {
            throw new IllegalArgumentException("no COPY type for " + value.getClass());
        }
    }

    /**
     * The buffer, holding the whole COPY (trailer included) in its first {@link #length()}
     * bytes; no rows can be added after.
     */
    byte[] bytes() {
        if (!ended) {
            int16(-1);
            ended = true;
        }
        return buf;
    }

    /** Bytes written so far (after {@link #bytes()}: the whole COPY). */
    int length() {
        return len;
    }

    /** UTF-8 text; NUL characters, which PostgreSQL text cannot hold, are left out (as in text COPY). */
    private void text(String s) {
        if (s.indexOf('\0') >= 0) {
            s = s.replace("\0", "");
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int32(bytes.length);
        write(bytes, 0, bytes.length);
    }

    /**
     * PostgreSQL's numeric: base-10000 digits, most significant first, the weight (power of
     * 10000) of the first, a sign and the display scale.
     */
    private void numeric(BigDecimal d) {
        int scale = Math.max(d.scale(), 0);
        int fractionGroups = (scale + 3) / 4;
        // the unscaled value with the fraction padded to whole groups of four digits
        long n;
        if (d.scale() >= 0 && scale <= 4 && d.precision() <= 15) {
            // every inbox amount: no BigDecimal arithmetic (a fifth of the staging threads' samples)
            n = Math.abs(d.unscaledValue().longValue()) * POW10[fractionGroups * 4 - scale];
        } else {
            n = d.abs().setScale(scale).movePointRight(fractionGroups * 4).longValueExact();
        }
        int count = 0;
        int lowestKept = 0;
        boolean trailingZeros = true;
        while (n > 0) {
            short g = (short) (n % 10_000);
            n /= 10_000;
            if (trailingZeros && g == 0) {
                lowestKept++;
            } else {
                trailingZeros = false;
            }
            groups[count++] = g;
        }
        int digits = count - lowestKept;
        int32(8 + 2 * digits);
        int16(digits);
        int16(digits == 0 ? 0 : count - 1 - fractionGroups);
        int16(d.signum() < 0 ? NUMERIC_NEGATIVE : 0);
        int16(scale);
        for (int i = count - 1; i >= lowestKept; i--) {
            int16(groups[i]);
        }
    }

    private void int16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void int32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    private void write(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
