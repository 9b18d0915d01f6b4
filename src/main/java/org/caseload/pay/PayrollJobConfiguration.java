package org.caseload.pay;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;

import org.caseload.PracticeConfig;
import org.caseload.StepLog;
import org.caseload.schedule.RunningJobs;
import org.caseload.workbooks.PayrollWorkbook;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code payroll} job, whole: compute the month's lines (a draft is replaced, a finalized
 * month kept), finalize it when asked, write the payroll workbook.
 */
@Configuration(proxyBeanMethods = false)
public class PayrollJobConfiguration {

    public static final String JOB_NAME = "payroll";
    public static final String MONTH = "month";
    public static final String FINALIZE = "finalize";
    public static final String REPORTS = "reports";
    public static final String REQUESTED_AT = "requestedAt";

    @Bean
    Job payrollJob(JobRepository jobs, Step computePayrollLines, Step finalizePayroll, Step writePayrollWorkbook,
            RunningJobs running) {
        return new JobBuilder(JOB_NAME, jobs).listener(running).start(computePayrollLines).next(finalizePayroll).next(writePayrollWorkbook)
                .build();
    }

    @Bean
    Step computePayrollLines(JobRepository jobs, PlatformTransactionManager tx, NamedParameterJdbcTemplate jdbc,
            PracticeConfig config) {
        return new StepBuilder("computePayrollLines", jobs).tasklet(new ComputePayrollLines(jdbc, config), tx)
                .listener(new StepLog()).build();
    }

    @Bean
    Step finalizePayroll(JobRepository jobs, PlatformTransactionManager tx, JdbcTemplate jdbc, PracticeConfig config) {
        return new StepBuilder("finalizePayroll", jobs).tasklet((contribution, context) -> {
            JobParameters p = contribution.getStepExecution().getJobExecution().getJobParameters();
            if (Boolean.parseBoolean(p.getString(FINALIZE))) {
                YearMonth month = YearMonth.parse(p.getString(MONTH));
                refuseFinalizing(jdbc, month, LocalDate.now(config.zone()));
                jdbc.update("update payroll_month set status = 'final', finalized_at = now() where month = ?",
                        month.atDay(1));
            }
            return RepeatStatus.FINISHED;
        }, tx).listener(new StepLog()).build();
    }

    @Bean
    Step writePayrollWorkbook(JobRepository jobs, PlatformTransactionManager tx, PayrollWorkbook workbook,
            PracticeConfig config) {
        return new StepBuilder("writePayrollWorkbook", jobs).tasklet((contribution, context) -> {
            JobParameters p = contribution.getStepExecution().getJobExecution().getJobParameters();
            Path file = workbook.write(YearMonth.parse(p.getString(MONTH)), Path.of(p.getString(REPORTS)), config.zone());
            contribution.getStepExecution().getExecutionContext().putString("workbook", file.toString());
            return RepeatStatus.FINISHED;
        }, tx).listener(new StepLog()).build();
    }

    /** Finalizing is refused before the month has ended, and for a month finalized already. */
    static void refuseFinalizing(JdbcTemplate jdbc, YearMonth month, LocalDate today) {
        if (!today.isAfter(month.atEndOfMonth())) {
            throw new IllegalStateException("Payroll " + month + " cannot be finalized before the month has ended ("
                    + month.atEndOfMonth() + ")");
        }
        if (Payrolls.isFinal(jdbc, month)) {
            throw new IllegalStateException("Payroll " + month + " is finalized already; it cannot be finalized again");
        }
    }
}
