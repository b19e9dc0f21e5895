package io.bosun.logs;

import static io.bosun.logs.Received.line;
import static io.bosun.logs.Received.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.logs.LogRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailboxTest {
    final Mailbox mailbox = new Mailbox(3);

    @Test
    void whenFullTheOldestGoesAndTheReaderIsToldOnceItCaughtUp() throws InterruptedException {
        List<LogRecord> sent = lines(0, 5);
        sent.forEach(mailbox::offer);

        assertEquals(sent.subList(2, 5), List.of(mailbox.take(), mailbox.take(), mailbox.take()));
        LogRecord notice = mailbox.take();
        assertEquals("Dropped 2 log lines: the reader fell behind", notice.message());
        assertTrue(notice.system() && notice.stdErr());

        LogRecord next = line("after");
        mailbox.offer(next);
        assertEquals(next, mailbox.take(), "told once: the count starts again");
    }

    @Test
    void oneLineLostIsSaidInTheSingular() throws InterruptedException {
        lines(0, 4).forEach(mailbox::offer);
        for (int i = 0; i < 3; i++) {
            mailbox.take();
        }
        assertEquals("Dropped 1 log line: the reader fell behind", mailbox.take().message());
    }

    @Test
    void underAFloodThatNeverEndsTheReaderIsToldAfterAQueuesWorth() throws InterruptedException {
        // The reader takes one record for every two sent: it never catches up.
        List<String> taken = new ArrayList<>();
        int sent = 0;
        mailbox.offer(line(sent++));
        mailbox.offer(line(sent++));
        mailbox.offer(line(sent++));
        while (taken.stream().noneMatch(m -> m.startsWith("Dropped"))) {
            mailbox.offer(line(sent++));
            mailbox.offer(line(sent++));
            taken.add(mailbox.take().message());
            assertTrue(taken.size() < 10, "told within a bounded number of records: " + taken);
        }
        assertEquals(List.of("line 2", "line 4", "line 6", "Dropped 5 log lines: the reader fell behind"), taken);
    }

    @Test
    void closedItLetsGoOfItsRecordsAndTakesNoMore() throws InterruptedException {
        lines(0, 2).forEach(mailbox::offer);
        mailbox.close();
        mailbox.offer(line(3));
        assertNull(mailbox.take());
    }
}
