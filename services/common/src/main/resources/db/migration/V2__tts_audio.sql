-- Synthesised audio files of the stream TTS service. The files live in <data-dir>/audio under
-- these unguessable names; rows of deleted users go with them (the janitor then removes the files).
-- user_id NULL is the anonymous owner of the compatible routes (when that switch is on).
CREATE TABLE tts_audio (
    name         VARCHAR(64)  PRIMARY KEY,
    user_id      BIGINT,
    cache_key    VARCHAR(64)  NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    duration_ms  BIGINT       NOT NULL,
    format       VARCHAR(8)   NOT NULL,
    created_at   BIGINT       NOT NULL,
    CONSTRAINT fk_tts_audio_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_tts_audio_cache ON tts_audio (cache_key);
CREATE INDEX ix_tts_audio_user ON tts_audio (user_id);
CREATE INDEX ix_tts_audio_created ON tts_audio (created_at);
