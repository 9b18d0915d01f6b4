package org.caseload.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/** Lists recent job executions from Spring Batch's job repository. */
final class JobsCommand implements Command {

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public String synopsis() {
        return "[--failed] [--limit N]";
    }

    @Override
    public String help() {
        return """
                Lists the most recent job executions (etl, payroll, checkins), newest first: execution id, job,
                parameters, status, start, duration, and items read, written and skipped over their steps.
                  --failed          only executions that did not complete
                  --limit N         how many (default 20)""";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("limit");
    }

    @Override
    public Set<String> flags() {
        return Set.of("failed");
    }

    @Override
    public int run(Invocation inv) {
        int limit = inv.intOption("limit", 20, 1, 10_000);
        List<Map<String, Object>> rows = inv.bean(JdbcTemplate.class).queryForList("""
                select e.job_execution_id as id, i.job_name as job, e.status, e.exit_message, e.start_time, e.end_time,
                       (select string_agg(p.parameter_name || '=' || p.parameter_value, ' ' order by p.parameter_name)
                          from batch_job_execution_params p
                         where p.job_execution_id = e.job_execution_id and p.identifying = 'Y'
                           and p.parameter_name <> 'requestedAt') as params,
                       coalesce(sum(s.read_count), 0) as read, coalesce(sum(s.write_count), 0) as written,
                       coalesce(sum(s.read_skip_count + s.process_skip_count + s.write_skip_count), 0) as skipped,
                       (select string_agg(s2.step_name, ',') from batch_step_execution s2
                         where s2.job_execution_id = e.job_execution_id and s2.status = 'FAILED') as failed_step
                  from batch_job_execution e
                  join batch_job_instance i on i.job_instance_id = e.job_instance_id
                  left join batch_step_execution s on s.job_execution_id = e.job_execution_id
                 where (? = false or e.status <> 'COMPLETED')
                 group by e.job_execution_id, i.job_name, e.status, e.exit_message, e.start_time, e.end_time
                 order by e.job_execution_id desc
                 limit ?""", inv.flag("failed"), limit);
        if (rows.isEmpty()) {
            inv.out.println(inv.flag("failed") ? "No failed job executions." : "No job executions yet.");
            return 0;
        }
        inv.out.printf("%6s  %-8s  %-9s  %-16s  %9s  %10s  %10s  %7s  %s%n", "id", "job", "status", "started",
                "duration", "read", "written", "skipped", "parameters");
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        for (Map<String, Object> r : rows) {
            LocalDateTime start = toLocal(r.get("start_time"));
            LocalDateTime end = toLocal(r.get("end_time"));
            String duration = start == null ? "-" : end == null ? "running" : format(Duration.between(start, end));
            inv.out.printf("%6s  %-8s  %-9s  %-16s  %9s  %,10d  %,10d  %,7d  %s%n", r.get("id"), r.get("job"),
                    r.get("status"), start == null ? "-" : start.format(f), duration, ((Number) r.get("read")).longValue(),
                    ((Number) r.get("written")).longValue(), ((Number) r.get("skipped")).longValue(),
                    r.get("params") == null ? "" : r.get("params"));
            if (!"COMPLETED".equals(r.get("status")) && r.get("failed_step") != null) {
                String message = String.valueOf(r.get("exit_message"));
                inv.out.printf("        failed in %s: %s%n", r.get("failed_step"),
                        message.lines().findFirst().orElse("").replaceAll("^[\\w.$]+(Exception|Error): ", ""));
            }
        }
        return 0;
    }

    private static LocalDateTime toLocal(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toLocalDateTime() : (LocalDateTime) value;
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? String.format("%.1f s", d.toMillis() / 1000.0) : String.format("%d:%02d min", s / 60, s % 60);
    }
}
