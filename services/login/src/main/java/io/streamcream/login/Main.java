package io.streamcream.login;

import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import io.streamcream.common.config.StreamCreamConfig;
import io.streamcream.common.security.SecretCipher;
import io.streamcream.common.server.Platform;
import io.streamcream.common.server.ServiceServer;
import io.streamcream.login.account.AccountService;
import io.streamcream.login.backgrounds.BackgroundRoutes;
import io.streamcream.login.backgrounds.BackgroundService;
import io.streamcream.login.backgrounds.CompatBackgroundRoutes;
import io.streamcream.login.http.AuthService;
import io.streamcream.login.http.CompatAccountService;
import io.streamcream.login.http.UserService;
import io.streamcream.login.mail.MailSettings;
import io.streamcream.login.mail.Mailer;
import io.streamcream.login.mail.OutboxMailer;
import io.streamcream.login.mail.SmtpMailer;
import io.streamcream.login.preferences.PreferenceService;
import io.streamcream.login.preferences.PreferencesRoutes;
import io.streamcream.login.streams.StreamManager;
import io.streamcream.login.streams.StreamRoutes;

/** The login service (port 9080): accounts, preferences, backgrounds and stream records. */
public final class Main {

    private Main() {
    }

    /**
     * Starts the login service alone.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Platform platform = Platform.create(StreamCreamConfig.load());
        start(platform);
    }

    /**
     * Starts the service on {@code services.login.port}.
     *
     * @param platform shared parts
     * @return the running server
     */
    public static WebServer start(Platform platform) {
        return ServiceServer.start(platform, definition(platform),
                platform.config().get("services.login.port").asInt().orElse(9080));
    }

    /**
     * Configures a server builder (tests use this through {@code @SetUpServer}).
     *
     * @param server   the builder
     * @param platform shared parts
     */
    public static void setup(WebServerConfig.Builder server, Platform platform) {
        ServiceServer.configure(server, platform, definition(platform));
    }

    /**
     * @param platform shared parts
     * @return the service definition
     */
    public static ServiceServer.Definition definition(Platform platform) {
        return new ServiceServer.Definition("login", true, routing -> routing(routing, platform));
    }

    /**
     * The service's own routes.
     *
     * @param routing  the routing
     * @param platform shared parts
     */
    static void routing(HttpRouting.Builder routing, Platform platform) {
        AccountService accounts = AccountService.create(platform, mailer(platform));
        SecretCipher cipher = SecretCipher.create(platform.config(), platform.secrets());
        BackgroundService backgrounds = BackgroundService.create(platform);
        routing.register("/api/auth", new AuthService(accounts, platform.authenticator()))
                .register("/api/users", new UserService(accounts, platform.authenticator()))
                .register("/api", new CompatAccountService(accounts, platform.authenticator()))
                .register("/api", new PreferencesRoutes(PreferenceService.create(platform, cipher), platform.authenticator()))
                .register("/api/files", new BackgroundRoutes(backgrounds, platform.authenticator()))
                .register("/api", new CompatBackgroundRoutes(backgrounds, platform.authenticator()))
                .register("/api/streams", new StreamRoutes(StreamManager.create(platform, cipher), platform.authenticator()));
    }

    private static Mailer mailer(Platform platform) {
        MailSettings settings = MailSettings.create(platform.config().get("mail"));
        return settings.smtp()
                ? new SmtpMailer(settings)
                : new OutboxMailer(platform.dataDirectory().folder("outbox"), settings.from());
    }
}
