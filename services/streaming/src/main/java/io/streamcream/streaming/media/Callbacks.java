package io.streamcream.streaming.media;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The two FFmpeg callbacks, each a single static instance (JavaCPP serves only ten live instances
 * per callback class, and the eleventh is silently misdispatched). The per-stream target is found
 * through the {@code opaque} pointer, a small native allocation owned by a {@link Handle}.
 */
final class Callbacks {

    /** Reads the next bytes of a stream into FFmpeg's buffer. */
    interface Reader {
        /**
         * @param buffer FFmpeg's buffer
         * @param size   its size
         * @return bytes written, or a negative FFmpeg error ({@code AVERROR_EOF}, {@code AVERROR_EXIT})
         */
        int read(BytePointer buffer, int size);
    }

    /** Says whether blocking FFmpeg I/O should give up now. Called often: must be cheap. */
    interface Interrupter {
        boolean interrupted();
    }

    private static final Map<Long, Reader> READERS = new ConcurrentHashMap<>();
    private static final Map<Long, Interrupter> INTERRUPTERS = new ConcurrentHashMap<>();

    static final Read_packet_Pointer_BytePointer_int READ = new Read_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            try {
                Reader reader = READERS.get(opaque.address());
                return reader == null ? avutil.AVERROR_EXIT : reader.read(buffer, size);
            } catch (Throwable t) {
                return avutil.AVERROR_EXIT;
            }
        }
    };

    static final AVIOInterruptCB.Callback_Pointer INTERRUPT = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            try {
                Interrupter interrupter = INTERRUPTERS.get(opaque.address());
                return interrupter == null || interrupter.interrupted() ? 1 : 0;
            } catch (Throwable t) {
                return 1;
            }
        }
    };

    private Callbacks() {
    }

    /** The opaque pointer of one reader and/or interrupter; unregisters and frees on close. */
    static final class Handle implements AutoCloseable {
        private final LongPointer opaque = new LongPointer(1);
        private final long key = opaque.address();
        private boolean closed;

        Handle(Reader reader, Interrupter interrupter) {
            if (reader != null) {
                READERS.put(key, reader);
            }
            INTERRUPTERS.put(key, interrupter);
        }

        Pointer opaque() {
            return opaque;
        }

        /** Points an interrupt callback structure at this handle. */
        void install(AVIOInterruptCB callback) {
            callback.callback(INTERRUPT);
            callback.opaque(opaque);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                READERS.remove(key);
                INTERRUPTERS.remove(key);
                opaque.close();
            }
        }
    }
}
