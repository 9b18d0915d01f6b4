package org.caseload.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

import org.caseload.CaseloadProperties.JobSchedule;
import org.caseload.CaseloadProperties.Schedule;
import org.caseload.PracticeConfig;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Puts the schedules of jobs/schedule.yml into Quartz's job store. A trigger whose cron and time
 * zone are unchanged is left as it is, so a firing missed while no process ran still fires
 * (once) when a scheduler starts; a changed one is replaced.
 */
@Component
public class Schedules {

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);
    static final String GROUP = "caseload";

    private final Scheduler scheduler;
    private final PracticeConfig config;

    Schedules(Scheduler scheduler, PracticeConfig config) {
        this.scheduler = scheduler;
        this.config = config;
    }

    /** The jobs with a schedule, by name. */
    public Map<String, JobSchedule> configured() {
        Schedule s = config.properties().schedule();
        Map<String, JobSchedule> jobs = new LinkedHashMap<>();
        if (s != null) {
            put(jobs, "etl", s.etl());
            put(jobs, "payroll", s.payroll());
            put(jobs, "checkins", s.checkins());
        }
        return jobs;
    }

    private static void put(Map<String, JobSchedule> jobs, String name, JobSchedule schedule) {
        if (schedule != null && schedule.cron() != null) {
            jobs.put(name, schedule);
        }
    }

    public void register() throws SchedulerException {
        TimeZone zone = TimeZone.getTimeZone(config.zone());
        for (Map.Entry<String, JobSchedule> e : configured().entrySet()) {
            String name = e.getKey();
            JobDetail job = JobBuilder.newJob(ScheduledRun.class).withIdentity(name, GROUP).storeDurably()
                    .usingJobData(ScheduledRun.JOB, name).build();
            CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(name, GROUP).forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(e.getValue().cron()).inTimeZone(zone)
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            Trigger existing = scheduler.getTrigger(TriggerKey.triggerKey(name, GROUP));
            if (existing instanceof CronTrigger c && c.getCronExpression().equals(e.getValue().cron())
                    && c.getTimeZone().getID().equals(zone.getID())) {
                continue;
            }
            scheduler.addJob(job, true);
            if (existing == null) {
                scheduler.scheduleJob(trigger);
            } else {
                scheduler.rescheduleJob(existing.getKey(), trigger);
            }
            log.info("Scheduled {}: '{}' in {}", name, e.getValue().cron(), zone.getID());
        }
        for (JobKey key : scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(GROUP))) {
            if (!configured().containsKey(key.getName())) {
                scheduler.deleteJob(key);
                log.info("Unscheduled {}: no longer in the schedule", key.getName());
            }
        }
    }
}
