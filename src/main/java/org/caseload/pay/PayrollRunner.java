package org.caseload.pay;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

import org.caseload.Failures;
import org.caseload.JobRuns;
import org.caseload.PracticeConfig;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Runs the payroll job for a month (see {@link JobRuns}) and reports what it wrote. */
@Service
public class PayrollRunner {

    private final JobRuns runs;
    private final Job payrollJob;
    private final JdbcTemplate jdbc;
    private final PracticeConfig config;

    PayrollRunner(JobRuns runs, Job payrollJob, JdbcTemplate jdbc, PracticeConfig config) {
        this.runs = runs;
        this.payrollJob = payrollJob;
        this.jdbc = jdbc;
        this.config = config;
    }

    /** The outcome of a run: its status, the workbook, the month's totals and any failure. */
    public record Result(BatchStatus status, Path workbook, boolean finalized, int clinicians, int lines,
            BigDecimal totalPay, int unattributed, List<String> failures) {
        public boolean succeeded() {
            return status == BatchStatus.COMPLETED;
        }
    }

    public Result run(YearMonth month, boolean finalize, Path reports) throws Exception {
        if (finalize) {
            PayrollJobConfiguration.refuseFinalizing(jdbc, month, LocalDate.now(config.zone()));
        }
        JobParameters wanted = new JobParametersBuilder()
                .addString(PayrollJobConfiguration.MONTH, month.toString())
                .addString(PayrollJobConfiguration.FINALIZE, Boolean.toString(finalize))
                .addString(PayrollJobConfiguration.REQUESTED_AT, Instant.now().toString())
                .addString(PayrollJobConfiguration.REPORTS, reports.toAbsolutePath().normalize().toString(), false)
                .toJobParameters();
        JobRuns.Outcome outcome = runs.run(payrollJob, wanted, false, (done, want) ->
                Objects.equals(done.getString(PayrollJobConfiguration.MONTH), want.getString(PayrollJobConfiguration.MONTH))
                        && Objects.equals(done.getString(PayrollJobConfiguration.FINALIZE),
                                want.getString(PayrollJobConfiguration.FINALIZE)));
        JobExecution execution = outcome.run() != null ? outcome.run() : outcome.restarted();
        return result(month, execution);
    }

    private Result result(YearMonth month, JobExecution execution) {
        Path workbook = execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("writePayrollWorkbook"))
                .map(StepExecution::getExecutionContext)
                .filter(c -> c.containsKey("workbook")).map(c -> Path.of(c.getString("workbook")))
                .findFirst().orElse(null);
        LocalDate first = month.atDay(1);
        var totals = jdbc.queryForMap("""
                select count(distinct clinician_id) as clinicians, count(*) as lines, coalesce(sum(amount), 0) as total,
                       (select count(*) from payroll_unattributed where month = ?) as unattributed,
                       (select status from payroll_month where month = ?) as status
                  from payroll_line where month = ?""", first, first, first);
        List<String> failures = execution.getAllFailureExceptions().stream()
                .map(Failures::message).toList();
        return new Result(execution.getStatus(), workbook, "final".equals(totals.get("status")),
                ((Number) totals.get("clinicians")).intValue(), ((Number) totals.get("lines")).intValue(),
                (BigDecimal) totals.get("total"), ((Number) totals.get("unattributed")).intValue(), failures);
    }
}
