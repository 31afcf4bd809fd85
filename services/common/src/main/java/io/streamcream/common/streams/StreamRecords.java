package io.streamcream.common.streams;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the streaming service may do with stream records: find one (by id or by its key) and set its
 * live state. The login service owns everything else (title, description, key); nothing but this
 * interface writes {@code is_live}, {@code start_time} and {@code end_time}.
 */
public interface StreamRecords {

    /**
     * @param streamId record id
     * @return the record
     */
    Optional<StreamRecord> find(long streamId);

    /**
     * Finds the record a stream key belongs to (through the key's fingerprint; keys are never
     * compared in clear in SQL).
     *
     * @param streamKey the key in clear
     * @return the record
     */
    Optional<StreamRecord> findByKey(String streamKey);

    /**
     * @param userId owner
     * @return the owner's records, newest first
     */
    List<StreamRecord> listByUser(long userId);

    /**
     * Marks a stream live: {@code is_live = true}, {@code start_time = startedAt}, {@code end_time}
     * cleared.
     *
     * @param streamId  record id
     * @param startedAt start time
     * @return whether the record exists
     */
    boolean markLive(long streamId, Instant startedAt);

    /**
     * Marks a live stream ended: {@code is_live = false}, {@code end_time = endedAt}. A stream that
     * is not live is left alone.
     *
     * @param streamId record id
     * @param endedAt  end time
     * @return whether a live record was ended
     */
    boolean markEnded(long streamId, Instant endedAt);
}
