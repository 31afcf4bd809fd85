package io.streamcream.login.backgrounds;

import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.streamcream.common.server.Platform;

/**
 * Background logic shared by both faces: uploads, listings, look-ups, deletion, quota and the
 * default image.
 */
public final class BackgroundService {

    private final BackgroundStore store;
    private final Clock clock;
    private volatile DefaultBackground defaultImage;

    private BackgroundService(BackgroundStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Reads {@code backgrounds.*}; files go under {@code <data-dir>/users/<id>/backgrounds}.
     *
     * @param platform shared parts
     * @return the service
     */
    public static BackgroundService create(Platform platform) {
        BackgroundSettings settings = BackgroundSettings.create(platform.config().get("backgrounds"));
        return new BackgroundService(new BackgroundStore(platform.dataDirectory().folder("users"), settings,
                platform.clock()), platform.clock());
    }

    /** @return limits */
    BackgroundSettings settings() {
        return store.settings();
    }

    /**
     * @param userId owner
     * @param file   the uploaded bytes
     * @return the stored background
     */
    Background upload(long userId, InputStream file) {
        return store.store(userId, file);
    }

    /**
     * @param userId owner
     * @return newest first
     */
    List<Background> list(long userId) {
        return store.list(userId);
    }

    /**
     * @param userId owner
     * @return the newest one
     */
    Optional<Background> latest(long userId) {
        return store.latest(userId);
    }

    /**
     * @param name exact stored name
     * @return the background, whoever owns it
     */
    Optional<Background> byName(String name) {
        return store.find(name);
    }

    /**
     * @param userId owner
     * @param name   exact stored name
     * @return whether it was the user's and is now gone
     */
    boolean delete(long userId, String name) {
        return store.delete(userId, name);
    }

    /** @return the image shown when a user has none (drawn on first use) */
    DefaultBackground defaultImage() {
        DefaultBackground image = defaultImage;
        if (image == null) {
            synchronized (this) {
                if (defaultImage == null) {
                    defaultImage = DefaultBackground.draw(clock.instant());
                }
                image = defaultImage;
            }
        }
        return image;
    }
}
