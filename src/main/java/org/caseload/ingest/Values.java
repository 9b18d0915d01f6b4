package org.caseload.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The value checks of {@link RowParser} written out by hand: every staged row passes through them
 * several times, and regular expressions and java.time's general parser had cost more than the
 * CSV parsing itself. The date-time reader handles the usual shapes and returns null for any
 * other, which then goes through java.time's parser.
 */
final class Values {

    /** ZoneOffset's range, ±18:00, in quarter hours. */
    private static final int MAX_QUARTERS = 18 * 4;
    private static final ZoneOffset[] QUARTER_HOUR_OFFSETS = new ZoneOffset[2 * MAX_QUARTERS + 1];

    static {
        for (int q = -MAX_QUARTERS; q <= MAX_QUARTERS; q++) {
            QUARTER_HOUR_OFFSETS[q + MAX_QUARTERS] = ZoneOffset.ofTotalSeconds(q * 900);
        }
    }

    private Values() {
    }

    /** {@code [+-]?\d+}. */
    static boolean isInteger(String v) {
        int i = sign(v);
        return i < v.length() && digitsUpTo(v, i) == v.length();
    }

    /** {@code [+-]?\d+(\.\d{1,maxScale})?}. */
    static boolean isDecimal(String v, int maxScale) {
        int start = sign(v);
        int i = digitsUpTo(v, start);
        if (i == start) {
            return false;
        }
        if (i == v.length()) {
            return true;
        }
        if (v.charAt(i) != '.') {
            return false;
        }
        int end = digitsUpTo(v, i + 1);
        return end == v.length() && end > i + 1 && end - i - 1 <= maxScale;
    }

    /** A date YYYY-MM-DD, or null. */
    static LocalDate date(String v) {
        if (v.length() != 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            return null;
        }
        int y = number(v, 0, 4);
        int m = number(v, 5, 7);
        int d = number(v, 8, 10);
        if (y < 0 || m < 0 || d < 0) {
            return null;
        }
        try {
            return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * YYYY-MM-DDTHH:MM:SS followed by nothing (local time in {@code zone}), Z, or ±HH:MM; null for
     * any other text.
     */
    static OffsetDateTime dateTime(String v, ZoneId zone) {
        int n = v.length();
        if (n < 19 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != 'T' || v.charAt(13) != ':'
                || v.charAt(16) != ':') {
            return null;
        }
        int y = number(v, 0, 4);
        int mo = number(v, 5, 7);
        int d = number(v, 8, 10);
        int h = number(v, 11, 13);
        int min = number(v, 14, 16);
        int s = number(v, 17, 19);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || min < 0 || s < 0) {
            return null;
        }
        try {
            LocalDateTime t = LocalDateTime.of(y, mo, d, h, min, s);
            if (n == 19) {
                return ZonedDateTime.of(t, zone).toOffsetDateTime();
            }
            if (n == 20 && v.charAt(19) == 'Z') {
                return OffsetDateTime.of(t, ZoneOffset.UTC);
            }
            char sign = v.charAt(19);
            if (n == 25 && (sign == '+' || sign == '-') && v.charAt(22) == ':') {
                int oh = number(v, 20, 22);
                int om = number(v, 23, 25);
                if (oh < 0 || om < 0 || om > 59) {
                    return null;
                }
                int factor = sign == '-' ? -1 : 1;
                return OffsetDateTime.of(t, offset(factor * (oh * 3600 + om * 60)));
            }
            return null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The offset of so many seconds: the quarter-hour offsets (every offset in use) from an array
     * made once, not from ZoneOffset's own cache, a map looked up under a boxed key for each
     * date-time.
     */
    private static ZoneOffset offset(int seconds) {
        int quarters = seconds / 900;
        if (seconds % 900 == 0 && Math.abs(quarters) <= MAX_QUARTERS) {
            return QUARTER_HOUR_OFFSETS[quarters + MAX_QUARTERS];
        }
        return ZoneOffset.ofTotalSeconds(seconds);
    }

    private static int sign(String v) {
        return !v.isEmpty() && (v.charAt(0) == '+' || v.charAt(0) == '-') ? 1 : 0;
    }

    /** The index of the first non-digit at or after {@code from}. */
    private static int digitsUpTo(String v, int from) {
        int i = from;
        while (i < v.length() && isDigit(v.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The digits from..to as a number, or -1 when one is not a digit. */
    private static int number(String v, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
