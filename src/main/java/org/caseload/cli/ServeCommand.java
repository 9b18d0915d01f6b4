package org.caseload.cli;

import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.caseload.schedule.Schedules;
import org.quartz.Scheduler;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

final class ServeCommand implements Command {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public String help() {
        return """
                Runs the Quartz scheduler with the schedules of jobs/schedule.yml (beside --config) until stopped
                (SIGTERM or Ctrl-C: a running job stops at its next chunk boundary and is finished by the next
                firing). Several 'serve' processes on one database form a cluster: each firing runs once.""";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of();
    }

    @Override
    public int run(Invocation inv) throws Exception {
        inv.defaultProperty("caseload.reports", inv.reports.toString());
        ConfigurableApplicationContext context = inv.context();
        Schedules schedules = context.getBean(Schedules.class);
        if (schedules.configured().isEmpty()) {
            throw new UsageException("No schedule: jobs/schedule.yml (beside the configuration) has no caseload.schedule");
        }
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) e -> closed.countDown());
        schedules.register();
        Scheduler scheduler = context.getBean(Scheduler.class);
        scheduler.start();
        inv.out.println("Serving " + String.join(", ", schedules.configured().keySet()) + " as " + scheduler.getSchedulerName()
                + "/" + scheduler.getSchedulerInstanceId() + "; stop with SIGTERM or Ctrl-C");
        closed.await();
        return 0;
    }
}
