-- The merge, last part: after the clinician, appointment and payment parts have loaded this
-- run's files, every file's counts are brought up to date. Also run for a run given up after
-- some parts committed (etl --fresh), for the files those parts loaded.
-- Parameters: :instance (the run's job instance).
-- Each statement ends with a semicolon at the end of a line.

-- rows = loaded + rejected + duplicates, for this run's files and for earlier files whose
-- waiting rows loaded now.
update inbox_file f
   set rows_rejected = r.open,
       rows_loaded = f.rows_total - f.rows_duplicate - r.open
  from (select f2.file_id,
               (select count(*) from reject r where r.file_id = f2.file_id and r.resolved_at is null) as open
          from inbox_file f2
         where f2.job_instance_id = :instance and f2.status = 'loaded'
            or f2.file_id in (select file_id from reject where resolved_by_job_instance_id = :instance)) r
 where f.file_id = r.file_id;
