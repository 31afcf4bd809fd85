package io.streamcream.common.streams;

import java.time.Instant;
import java.util.Optional;

/**
 * One stream record with its key in clear (decrypted for the owner or the streaming service).
 *
 * @param id          record id
 * @param userId      owner
 * @param title       title (1-100 characters)
 * @param description description, empty when none
 * @param streamKey   the stream key in clear
 * @param live        whether the stream is live now
 * @param startTime   when it last went live, if ever
 * @param endTime     when it last ended, if ever
 * @param createdAt   creation time
 */
public record StreamRecord(long id, long userId, String title, String description, String streamKey,
                           boolean live, Optional<Instant> startTime, Optional<Instant> endTime, Instant createdAt) {
}
