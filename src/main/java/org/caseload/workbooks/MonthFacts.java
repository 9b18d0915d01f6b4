package org.caseload.workbooks;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the monthly workbooks show, read once for the whole practice: the clinicians employed in
 * the month and their weekly facts, trailing metrics and flags of the weeks shown. Only ids,
 * names and numbers: nothing about a client.
 */
public final class MonthFacts {

    /** One clinician-week; null fields where undefined. */
    public record Week(LocalDate monday, int tenureMonth, BigDecimal availableHours, int scheduledMinutes,
            int contactMinutes, int sessions, int completedRows, int noShowRows, int lateCancelRows, int intakes,
            int newClients, int activeCaseload, BigDecimal timeOffHours, BigDecimal utilization,
            BigDecimal trailing4, BigDecimal trailing8, BigDecimal sessionsPerWeek8, BigDecimal noShowRate8,
            int intakes8) {

        public BigDecimal noShowRate() {
            int all = completedRows + noShowRows + lateCancelRows;
            return all == 0 ? null : BigDecimal.valueOf(noShowRows + lateCancelRows).divide(BigDecimal.valueOf(all), 6,
                    java.math.RoundingMode.HALF_UP);
        }
    }

    public record Flag(LocalDate week, String clinicianId, String code, String pattern, String detail) {
    }

    public record Clinician(String id, String name, LocalDate hire, LocalDate end, Map<LocalDate, Week> weeks,
            List<Flag> flags) {

        /** The clinician's latest week among the given Mondays, or null when employed in none of them. */
        public Week latest(List<LocalDate> mondays) {
            for (int i = mondays.size() - 1; i >= 0; i--) {
                Week w = weeks.get(mondays.get(i));
                if (w != null) {
                    return w;
                }
            }
            return null;
        }
    }

    private final YearMonth month;
    private final List<LocalDate> mondays;
    private final Map<String, Clinician> clinicians;
    private final List<Flag> monthFlags;
    private final java.util.Set<LocalDate> systemicWeeks;

    private MonthFacts(YearMonth month, List<LocalDate> mondays, Map<String, Clinician> clinicians, List<Flag> monthFlags,
            java.util.Set<LocalDate> systemicWeeks) {
        this.month = month;
        this.mondays = mondays;
        this.clinicians = clinicians;
        this.monthFlags = monthFlags;
        this.systemicWeeks = systemicWeeks;
    }

    /** The last week whose Monday is in the month. */
    public static LocalDate lastMonday(YearMonth month) {
        return month.atEndOfMonth().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Reads the month and the {@code weeks} weeks ending with its last week. */
    public static MonthFacts load(JdbcTemplate jdbc, YearMonth month, int weeks) {
        LocalDate last = lastMonday(month);
        LocalDate first = last.minusWeeks(weeks - 1L);
        List<LocalDate> mondays = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusWeeks(1)) {
            mondays.add(d);
        }
        Map<String, Clinician> clinicians = new LinkedHashMap<>();
        jdbc.query("""
                select clinician_id, full_name, hire_date, end_date from clinician
                 where hire_date <= ? and coalesce(end_date, 'infinity'::date) >= ? order by clinician_id""",
                (ResultSet rs) -> {
                    clinicians.put(rs.getString(1), new Clinician(rs.getString(1), rs.getString(2),
                            rs.getDate(3).toLocalDate(), rs.getDate(4) == null ? null : rs.getDate(4).toLocalDate(),
                            new LinkedHashMap<>(), new ArrayList<>()));
                }, month.atEndOfMonth(), month.atDay(1));
        jdbc.query("""
                select w.*, t4.utilization as t4, t8.utilization as t8, t8.sessions_per_week as s8,
                       t8.no_show_rate as ns8, t8.intakes as i8
                  from clinician_week w
                  left join clinician_week_trailing t4 on t4.clinician_id = w.clinician_id and t4.week_of = w.week_of
                                                      and t4.window_weeks = 4
                  left join clinician_week_trailing t8 on t8.clinician_id = w.clinician_id and t8.week_of = w.week_of
                                                      and t8.window_weeks = 8
                 where w.week_of between ? and ? order by w.clinician_id, w.week_of""", (ResultSet rs) -> {
                    Clinician c = clinicians.get(rs.getString("clinician_id"));
                    if (c != null) {
                        Week w = week(rs);
                        c.weeks().put(w.monday(), w);
                    }
                }, first, last);
        List<Flag> monthFlags = new ArrayList<>();
        java.util.Set<LocalDate> systemicWeeks = new java.util.TreeSet<>();
        jdbc.query("select week_of, clinician_id, code, pattern, detail from flag where week_of between ? and ? "
                + "order by week_of, clinician_id nulls first, code", (ResultSet rs) -> {
                    Flag f = new Flag(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5));
                    Clinician c = f.clinicianId() == null ? null : clinicians.get(f.clinicianId());
                    if (c != null) {
                        c.flags().add(f);
                    }
                    if (f.code().equals("SYSTEMIC_LOW_UTILIZATION")) {
                        systemicWeeks.add(f.week());
                    }
                    if (!f.week().isBefore(month.atDay(1))) {
                        monthFlags.add(f);
                    }
                }, first, last);
        return new MonthFacts(month, mondays, clinicians, monthFlags, systemicWeeks);
    }

    private static Week week(ResultSet rs) throws SQLException {
        BigDecimal available = rs.getBigDecimal("available_hours");
        int contact = rs.getInt("contact_minutes");
        BigDecimal utilization = available.signum() == 0 ? null
                : BigDecimal.valueOf(contact).divide(available.multiply(BigDecimal.valueOf(60)), 6,
                        java.math.RoundingMode.HALF_UP);
        return new Week(rs.getDate("week_of").toLocalDate(), rs.getInt("tenure_month"), available,
                rs.getInt("scheduled_minutes"), contact, rs.getInt("completed_sessions"), rs.getInt("completed_rows"),
                rs.getInt("no_show_rows"), rs.getInt("late_cancel_rows"), rs.getInt("intakes"), rs.getInt("new_clients"),
                rs.getInt("active_caseload"), rs.getBigDecimal("time_off_hours"), utilization, rs.getBigDecimal("t4"),
                rs.getBigDecimal("t8"), rs.getBigDecimal("s8"), rs.getBigDecimal("ns8"), rs.getInt("i8"));
    }

    public YearMonth month() {
        return month;
    }

    public List<LocalDate> mondays() {
        return mondays;
    }

    public Map<String, Clinician> clinicians() {
        return clinicians;
    }

    /** The weeks of SYSTEMIC_LOW_UTILIZATION among those read. */
    public java.util.Set<LocalDate> systemicWeeks() {
        return systemicWeeks;
    }

    /** Flags of the weeks whose Monday lies in the month, practice-level first in each week. */
    public List<Flag> monthFlags() {
        return monthFlags;
    }
}
