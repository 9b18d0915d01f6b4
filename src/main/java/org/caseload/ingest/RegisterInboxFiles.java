package org.caseload.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.caseload.SqlScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * First step of a run: lists the inbox files in loading order (clinicians, appointments,
 * payments, time off; each kind by file name) and records each one, by its SHA-256, as to load
 * or as skipped because the same content was loaded before.
 */
class RegisterInboxFiles implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RegisterInboxFiles.class);

    private static final SqlScript COUNTS = SqlScript.load("sql/ingest/merge_counts.sql");

    private final JdbcTemplate jdbc;

    RegisterInboxFiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var jobExecution = contribution.getStepExecution().getJobExecution();
        long instance = jobExecution.getJobInstance().getInstanceId();
        Path inbox = Path.of(jobExecution.getJobParameters().getString(EtlJobConfiguration.INBOX));
        if (!Files.isDirectory(inbox)) {
            throw new IllegalStateException("The inbox directory " + inbox + " does not exist");
        }
        abandonUnfinishedRuns(instance);
        List<Path> files;
        try (Stream<Path> listing = Files.list(inbox)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> {
                        boolean known = InboxKind.ofFileName(p.getFileName().toString()).isPresent();
                        if (!known) {
                            log.warn("{}: not an inbox file name (clinicians*, appointments*, payments*, time_off*.csv); ignored",
                                    p.getFileName());
                        }
                        return known;
                    })
                    .sorted(Comparator.comparing((Path p) -> InboxKind.ofFileName(p.getFileName().toString()).get())
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
        // Files are hashed on every core (a run's first backfill at 10,000 clinicians: 6.5 GB), and
        // registered one after the other: a file with the content of one before it is skipped.
        Map<Path, String> shas = files.parallelStream()
                .collect(Collectors.toMap(file -> file, RegisterInboxFiles::sha256));
        for (Path file : files) {
            String name = file.getFileName().toString();
            InboxKind kind = InboxKind.ofFileName(name).get();
            String sha = shas.get(file);
            List<Long> same = jdbc.queryForList(
                    "select file_id from inbox_file where sha256 = ? and status <> 'skipped'", Long.class, sha);
            if (same.isEmpty()) {
                jdbc.update("insert into inbox_file (file_name, kind, sha256, size_bytes, job_instance_id, status) "
                        + "values (?, ?, ?, ?, ?, 'staging')", name, kind.dbName(), sha, Files.size(file), instance);
            } else {
                jdbc.update("insert into inbox_file (file_name, kind, sha256, size_bytes, job_instance_id, status, "
                        + "same_as_file_id, loaded_at) values (?, ?, ?, ?, ?, 'skipped', ?, now())",
                        name, kind.dbName(), sha, Files.size(file), instance, same.get(0));
            }
        }
        return RepeatStatus.FINISHED;
    }

    /**
     * Files a run that was given up (not restarted) left staged but not merged are forgotten, so
     * this run loads them again from the start. The files a part of its merge committed stay
     * loaded, and get the counts that run did not get to (uncounted: their rows do not add up).
     */
    private void abandonUnfinishedRuns(long instance) {
        List<Long> staleRuns = jdbc.queryForList("select distinct job_instance_id from inbox_file "
                + "where job_instance_id <> ? and (status = 'staging' or status = 'loaded' "
                + "and rows_total <> rows_loaded + rows_rejected + rows_duplicate)", Long.class, instance);
        List<Long> stale = jdbc.queryForList(
                "select file_id from inbox_file where status = 'staging' and job_instance_id <> ?", Long.class, instance);
        if (!stale.isEmpty()) {
            log.warn("{} inbox file(s) of an unfinished earlier run are loaded again from the start", stale.size());
            Long[] ids = stale.toArray(Long[]::new);
            for (InboxKind kind : InboxKind.values()) {
                jdbc.update("delete from " + kind.stageTable() + " where file_id = any(?)", (Object) ids);
            }
            // a first load stages the appointments that load straight into appointment, and payments into payment
            jdbc.update("delete from appointment where source_file_id = any(?)", (Object) ids);
            jdbc.update("delete from payment where source_file_id = any(?)", (Object) ids);
            jdbc.update("delete from reject where file_id = any(?)", (Object) ids);
            jdbc.update("update inbox_file set same_as_file_id = null where same_as_file_id = any(?)", (Object) ids);
            jdbc.update("delete from inbox_file where file_id = any(?)", (Object) ids);
        }
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        for (long run : staleRuns) {
            COUNTS.run(named, Map.of("instance", run));
        }
    }

    /** The files this run loads, in loading order. */
    static List<InboxFile> filesToLoad(JdbcTemplate jdbc, long instance, Path inbox) {
        return jdbc.query("select file_id, kind, file_name, sha256 from inbox_file "
                + "where job_instance_id = ? and status = 'staging' order by file_id",
                (rs, i) -> new InboxFile(rs.getLong(1), InboxKind.ofName(rs.getString(2)),
                        inbox.resolve(rs.getString(3)), rs.getString(4)),
                instance);
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read inbox file " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
