package org.caseload.schedule;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;

import org.caseload.CaseloadProperties.JobSchedule;
import org.caseload.JobRuns;
import org.caseload.PracticeConfig;
import org.caseload.delivery.Emails;
import org.caseload.ingest.EtlReport;
import org.caseload.ingest.EtlRunner;
import org.caseload.pay.PayrollRunner;
import org.caseload.workbooks.MonthlyWorkbooks;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * One firing of a scheduled job: nightly etl, monthly payroll or check-ins for the previous
 * month. A run of the same job never overlaps another: Quartz holds one firing per job across the
 * cluster, and a job another process runs by hand is skipped and logged. A failed run is finished
 * on the next firing (a Spring Batch restart), and its failure is emailed to the owners.
 */
@DisallowConcurrentExecution
public class ScheduledRun extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRun.class);
    static final String JOB = "job";

    @Autowired
    private PracticeConfig config;
    @Autowired
    private EtlRunner etl;
    @Autowired
    private PayrollRunner payroll;
    @Autowired
    private MonthlyWorkbooks workbooks;
    @Autowired
    private Emails emails;

    @Override
    protected void executeInternal(JobExecutionContext context) {
        String job = context.getMergedJobDataMap().getString(JOB);
        LocalDate today = LocalDate.ofInstant(context.getFireTime().toInstant(), config.zone());
        Path reports = Path.of(config.properties().reports());
        try {
            String failure = run(job, today, reports);
            if (failure != null) {
                report(job, failure);
            }
        } catch (JobRuns.RunInProgressException e) {
            log.warn("Scheduled {} skipped: {}", job, e.getMessage());
        } catch (Exception e) {
            report(job, e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /** Runs the job; returns what failed, or null. */
    String run(String job, LocalDate today, Path reports) throws Exception {
        YearMonth previous = YearMonth.from(today).minusMonths(1);
        switch (job) {
            case "etl" -> {
                JobSchedule s = config.properties().schedule().etl();
                EtlRunner.Outcome o = etl.run(Path.of(s.inbox() == null ? "inbox" : s.inbox()), today, false);
                for (EtlReport r : new EtlReport[] {o.restarted(), o.run()}) {
                    if (r != null && !r.succeeded()) {
                        return "etl run " + r.executionId() + " " + r.status() + " in step " + r.failedStep() + ": "
                                + String.join("; ", r.failures());
                    }
                }
                log.info("Scheduled etl as of {} done", today);
            }
            case "payroll" -> {
                PayrollRunner.Result r = payroll.run(previous, false, reports);
                if (!r.succeeded()) {
                    return "payroll " + previous + " " + r.status() + ": " + String.join("; ", r.failures());
                }
                if (config.properties().schedule().payroll().sends()) {
                    emails.sendPayroll(previous, r.workbook());
                }
                log.info("Scheduled payroll {} done: {}", previous, r.workbook());
            }
            case "checkins" -> {
                MonthlyWorkbooks.Written w = workbooks.write(previous, reports);
                if (config.properties().schedule().checkins().sends()) {
                    emails.sendCheckins(previous, w.practiceHealth(), w.checkins());
                }
                log.info("Scheduled check-ins {} done: {} workbooks", previous, w.checkins().size() + 1);
            }
            default -> throw new IllegalArgumentException("unknown scheduled job " + job);
        }
        return null;
    }

    private void report(String job, String failure) {
        log.error("Scheduled {} failed: {}", job, failure);
        try {
            emails.sendFailure(job, failure);
        } catch (RuntimeException e) {
            log.error("Could not email the failure of {}: {}", job, e.getMessage());
        }
    }
}
