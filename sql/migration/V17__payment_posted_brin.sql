-- payment (posted_date) as a BRIN index, not a B-tree. Payments are appended in about the order
-- they are posted (a backfill's files a month each, every night's file after them) and are
-- seldom changed, so a block range (128 pages, about 10,000 payments) holds a few weeks of
-- posting dates, and a month's payroll or a night's collections reads the ranges of its dates
-- only (1,000 x 52: a month's 156,000 payments from 1,489 of 16,400 pages). A B-tree took the
-- merge of a first load 0.6 - 0.7 s to build at 1,000 x 52, after every payment was in; this
-- one takes 0.1 s. New ranges are summarized by autovacuum as they fill (autosummarize); until
-- then a range is always read.
drop index payment_posted;
create index payment_posted on payment using brin (posted_date) with (autosummarize = on);
