package io.streamcream.streaming;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.streamcream.common.streams.StreamRecord;
import io.streamcream.common.streams.StreamRecords;

/** Stream records opened on first use, so the database and the key file are touched only when a stream goes live. */
final class LazyRecords implements StreamRecords {

    private final Supplier<StreamRecords> factory;
    private StreamRecords delegate;

    LazyRecords(Supplier<StreamRecords> factory) {
        this.factory = factory;
    }

    private synchronized StreamRecords delegate() {
        if (delegate == null) {
            delegate = factory.get();
        }
        return delegate;
    }

    @Override
    public Optional<StreamRecord> find(long streamId) {
        return delegate().find(streamId);
    }

    @Override
    public Optional<StreamRecord> findByKey(String streamKey) {
        return delegate().findByKey(streamKey);
    }

    @Override
    public List<StreamRecord> listByUser(long userId) {
        return delegate().listByUser(userId);
    }

    @Override
    public boolean markLive(long streamId, Instant startedAt) {
        return delegate().markLive(streamId, startedAt);
    }

    @Override
    public boolean markEnded(long streamId, Instant endedAt) {
        return delegate().markEnded(streamId, endedAt);
    }
}
