package org.caseload.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.caseload.EtlTestSupport;
import org.junit.jupiter.api.Test;

class FirstLoadPaymentIdsTest extends EtlTestSupport {

    @Test
    void everyIdAddedTwiceIsACandidateAndFewAddedOnceAre() {
        int ids = 200_000;
        // sized for the bytes of 200,000 payment rows of about 60 bytes
        FirstLoadPaymentIds filter = new FirstLoadPaymentIds(ids * 60L);
        for (int i = 0; i < ids; i++) {
            filter.add(String.format("P%04d-%06d", i % 1000, i));
        }
        List<String> repeated = List.of("P0000-000000", "P0999-199999", "P0123-012123", "P0500-100500");
        repeated.forEach(filter::add);
        filter.add("P0999-199999"); // a third time

        List<String> candidates = filter.candidates();

        assertThat(candidates).containsAll(repeated).doesNotHaveDuplicates();
        assertThat(candidates.size() - repeated.size()).isLessThan(ids / 1000);
    }

    @Test
    void aFilterTooSmallForItsIdsNamesMoreOfThemButStillEveryRepeatedOne() {
        FirstLoadPaymentIds filter = new FirstLoadPaymentIds(0); // the smallest: 65,536 bits
        for (int i = 0; i < 50_000; i++) {
            filter.add("P" + i);
        }
        filter.add("P49999");
        filter.add("P7");

        List<String> candidates = filter.candidates();

        assertThat(candidates).contains("P49999", "P7");
        assertThat(candidates.size()).isGreaterThan(100);
    }

    @Test
    void aFilterThatWouldNameTooManyCandidatesNamesNone() {
        FirstLoadPaymentIds filter = new FirstLoadPaymentIds(0, 1_000);
        for (int i = 0; i < 50_000; i++) {
            filter.add("P" + i);
        }
        filter.add("P7");

        assertThat(filter.candidates()).isNull(); // the merge then groups every id
    }

    @Test
    void theCandidatesStandForThePaymentsOnlyIfTheTableWasEmptyWhenTheFilterWasMade() {
        OfRun<FirstLoadPaymentIds> ofRun = new OfRun<>(FirstLoadPaymentIds::ifPaymentsEmpty);
        FirstLoadPaymentIds first = ofRun.get(1, jdbc);
        first.add("P1");
        first.add("P1");
        assertThat(ofRun.get(1, jdbc)).isSameAs(first); // the run's other staging workers share it

        assertThat(ofRun.take(2)).isNull(); // the merge of another run
        assertThat(ofRun.take(1).candidates()).containsExactly("P1");
        assertThat(ofRun.take(1)).isNull(); // taken once

        // a restarted run: payments staged by the run it restarts are in the table already
        jdbc.update("insert into payment (payment_id, appointment_id, posted_date, amount, payer, kind, "
                + "source_file_id, source_line) values ('P0', 'A0', date '2026-03-02', 10, 'client', 'payment', 1, 2)");
        assertThat(ofRun.get(3, jdbc)).isNull();
        assertThat(ofRun.take(3)).isNull();
    }
}
