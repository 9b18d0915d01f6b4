package org.caseload.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The payment_ids a first load of payments writes straight into {@code payment} while staging,
 * kept as a Bloom filter, so that the merge finds the few ids in the table more than once by
 * counting only the candidates named here, instead of grouping every payment by its id
 * ({@code sql/ingest/first_load_payments.sql}; at 1,000 clinicians 0.3 – 0.4 s against 1.5 s
 * with the statistics that grouping needs). An id added a second time is always a candidate;
 * an id added once is one by chance: about one in 30,000 while the filter has room (10 to 20
 * bits for every 40 bytes of the run's payment files; 4 MB at 1,000 clinicians × 52 weeks),
 * about one in a thousand at its largest, 64 MB (10,000 clinicians × 156 weeks: 51,055 of 49
 * million). The merge counts each candidate in the table, so a chance candidate costs a
 * lookup, never a wrong answer. A filter too full for its ids (far beyond the largest practice
 * benchmarked) would name most of them: past half a million candidates it gives up, keeping
 * none, and the merge groups every id.
 *
 * <p>The candidates stand for the table only if every payment in it went through this filter:
 * the filter is made at the first payment a job execution stages, and counts only if
 * {@code payment} was empty then. A restarted run that finds payments staged by the run it
 * restarts, or that stages none, gets none, and the merge groups every id as before.
 */
final class FirstLoadPaymentIds {

    /** Bits set for each id. */
    private static final int HASHES = 6;
    private static final long MIN_BITS = 1L << 16;
    private static final long MAX_BITS = 1L << 29;
    private static final int MAX_CANDIDATES = 500_000;

    private final long[] words;
    private final long mask;
    private final int maxCandidates;
    /** Null once there were more than {@link #maxCandidates}. */
    private Set<String> candidates = new HashSet<>();

    /** A filter for about {@code bytes / 40} ids (a payment row has more than 40 bytes). */
    FirstLoadPaymentIds(long bytes) {
        this(bytes, MAX_CANDIDATES);
    }

    FirstLoadPaymentIds(long bytes, int maxCandidates) {
        long bits = Math.min(MAX_BITS, Math.max(MIN_BITS, Long.highestOneBit(Math.max(1, bytes / 4)) << 1));
        words = new long[(int) (bits >>> 6)];
        mask = bits - 1;
        this.maxCandidates = maxCandidates;
    }

    /** Adds a staged payment's id; it becomes a candidate if each of its bits was set already. */
    synchronized void add(String paymentId) {
        long h = hash(paymentId);
        long step = Long.rotateLeft(h, 32) | 1;
        boolean seen = true;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h + i * step) & mask;
            int word = (int) (bit >>> 6);
            long b = 1L << bit;
            if ((words[word] & b) == 0) {
                seen = false;
                words[word] |= b;
            }
        }
        if (seen && candidates != null) {
            candidates.add(paymentId);
            if (candidates.size() > maxCandidates) {
                candidates = null;
            }
        }
    }

    /** Every id added more than once, and a few added once; null if there were too many. */
    synchronized List<String> candidates() {
        return candidates == null ? null : new ArrayList<>(candidates);
    }

    /**
     * A filter for a job execution's payment files, made at the first payment it stages (shared
     * by its staging worker steps and taken by its merge through {@link OfRun}); null (the merge
     * then groups every id) if {@code payment} held rows then.
     */
    static FirstLoadPaymentIds ifPaymentsEmpty(JdbcTemplate jdbc) {
        if (!Boolean.FALSE.equals(jdbc.queryForObject("select exists (select 1 from payment)", Boolean.class))) {
            return null;
        }
        Long bytes = jdbc.queryForObject("select coalesce(sum(size_bytes), 0) from inbox_file "
                + "where kind = 'payments' and status = 'staging'", Long.class);
        return new FirstLoadPaymentIds(bytes == null ? 0 : bytes);
    }

    /** FNV-1a over the characters, then MurmurHash3's finalizer to spread the bits. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
