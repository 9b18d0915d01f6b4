package org.caseload.ingest;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.caseload.Failures;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/** What an etl run did, file by file, read back from the tables. */
public record EtlReport(long executionId, long instanceId, BatchStatus status, LocalDate asOf, Duration duration,
        List<FileCounts> files, List<RejectLine> rejects, int rejectsNotShown, int earlierRejectsLoaded,
        List<String> failures, String failedStep) {

    static final int REJECTS_SHOWN_PER_FILE = 20;

    public record FileCounts(String name, String status, String sameAs, int rows, int loaded, int rejected,
            int duplicates) {
    }

    /** A reject as reported: file, line, reason and detail, never the raw line (it may hold a client id). */
    public record RejectLine(String file, int line, String reason, String detail) {
    }

    public boolean succeeded() {
        return status == BatchStatus.COMPLETED;
    }

    static EtlReport of(JdbcTemplate jdbc, JobExecution execution) {
        long instance = execution.getJobInstance().getInstanceId();
        List<FileCounts> files = jdbc.query("""
                select f.file_name, f.status, s.file_name, f.rows_total, f.rows_loaded, f.rows_rejected, f.rows_duplicate
                  from inbox_file f left join inbox_file s on s.file_id = f.same_as_file_id
                 where f.job_instance_id = ? order by f.file_id""",
                (rs, i) -> new FileCounts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7)),
                instance);
        List<RejectLine> rejects = jdbc.query("""
                select f.file_name, r.line_no, r.reason, r.detail
                  from (select r.*, row_number() over (partition by r.file_id order by r.line_no) as n
                          from reject r join inbox_file f on f.file_id = r.file_id
                         where f.job_instance_id = ? and r.resolved_at is null) r
                  join inbox_file f on f.file_id = r.file_id
                 where r.n <= ? order by r.file_id, r.line_no""",
                (rs, i) -> new RejectLine(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)),
                instance, REJECTS_SHOWN_PER_FILE);
        int allRejects = files.stream().mapToInt(FileCounts::rejected).sum();
        Integer earlier = jdbc.queryForObject(
                "select count(*) from reject where resolved_by_job_instance_id = ?", Integer.class, instance);
        Duration duration = execution.getStartTime() == null || execution.getEndTime() == null ? Duration.ZERO
                : Duration.between(execution.getStartTime(), execution.getEndTime());
        List<String> failures = execution.getAllFailureExceptions().stream().map(Failures::message).toList();
        String failedStep = execution.getStepExecutions().stream().filter(s -> s.getStatus() == BatchStatus.FAILED)
                .map(s -> s.getStepName()).findFirst().orElse(null);
        return new EtlReport(execution.getId(), instance, execution.getStatus(),
                execution.getJobParameters().getLocalDate(EtlJobConfiguration.AS_OF), duration, files, rejects,
                Math.max(0, allRejects - rejects.size()), earlier == null ? 0 : earlier, failures, failedStep);
    }
}
