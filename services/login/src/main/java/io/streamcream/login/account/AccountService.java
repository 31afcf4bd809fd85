package io.streamcream.login.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.dbclient.DbExecute;

import io.streamcream.common.db.Database;
import io.streamcream.common.http.ApiException;
import io.streamcream.common.limits.RateLimiter;
import io.streamcream.common.security.AuthenticatedUser;
import io.streamcream.common.security.Authenticator;
import io.streamcream.common.security.IssuedToken;
import io.streamcream.common.server.Platform;
import io.streamcream.login.mail.MailMessage;
import io.streamcream.login.mail.MailTemplates;
import io.streamcream.login.mail.Mailer;

/**
 * Everything that happens to an account, independent of HTTP: sign-up with an e-mail code, login,
 * logout, password reset, profile changes and deletion. Input arrives validated by the HTTP layer;
 * this class enforces the rules that need the database, rate limits and codes.
 */
public final class AccountService {

    private static final System.Logger LOG = System.getLogger(AccountService.class.getName());

    private final Database database;
    private final Authenticator authenticator;
    private final PasswordHasher hasher;
    private final EmailCodes codes;
    private final Mailer mailer;
    private final RateLimiter limits;
    private final Clock clock;
    private final Duration pendingRegistrationTtl;
    private final Path userFiles;

    /**
     * @param database               accounts live here
     * @param authenticator          issues and revokes tokens
     * @param hasher                 password hashing
     * @param codes                  e-mail codes
     * @param mailer                 sends the codes
     * @param limits                 rate limits
     * @param clock                  time source
     * @param pendingRegistrationTtl how long an unverified sign-up holds its name and address
     * @param userFiles              folder holding one sub folder of files per user id
     */
    AccountService(Database database, Authenticator authenticator, PasswordHasher hasher, EmailCodes codes,
                   Mailer mailer, RateLimiter limits, Clock clock, Duration pendingRegistrationTtl, Path userFiles) {
        this.database = database;
        this.authenticator = authenticator;
        this.hasher = hasher;
        this.codes = codes;
        this.mailer = mailer;
        this.limits = limits;
        this.clock = clock;
        this.pendingRegistrationTtl = pendingRegistrationTtl;
        this.userFiles = userFiles;
    }

    /**
     * Wires the service from the platform and {@code login.*}: {@code code-lifetime} (PT10M),
     * {@code resend-cooldown} (PT60S), {@code pending-registration-ttl} (PT24H) and
     * {@code password-hash-concurrency} (4).
     *
     * @param platform shared parts
     * @param mailer   how codes are sent
     * @return the service
     */
    public static AccountService create(Platform platform, Mailer mailer) {
        Config login = platform.config().get("login");
        EmailCodes codes = new EmailCodes(platform.secrets().key("email-code-hmac.key", 32),
                login.get("code-lifetime").as(Duration.class).orElse(Duration.ofMinutes(10)),
                login.get("resend-cooldown").as(Duration.class).orElse(Duration.ofSeconds(60)));
        return new AccountService(platform.database(), platform.authenticator(),
                new PasswordHasher(login.get("password-hash-concurrency").asInt().orElse(4)),
                codes, mailer, platform.rateLimiter(), platform.clock(),
                login.get("pending-registration-ttl").as(Duration.class).orElse(Duration.ofHours(24)),
                platform.dataDirectory().folder("users"));
    }

    /**
     * Creates an unverified user (or renews a pending sign-up of the same address) and mails a code.
     *
     * @param username validated user name
     * @param email    validated address
     * @param password validated password
     * @param clientIp caller's address, for rate limits
     * @return the pending registration
     */
    public Registration register(String username, String email, String password, String clientIp) {
        limits.acquire("register", "per-ip", clientIp);
        limits.acquire("register", "per-account", UserRepository.key(email));
        Instant now = clock.instant();
        String hash = hasher.hash(password);
        long userId = uniqueGuard(() -> database.inTransaction(tx -> {
            Optional<User> byEmail = fresh(tx, UserRepository.byEmail(tx, email), now);
            Optional<User> byName = fresh(tx, UserRepository.byUsername(tx, username), now);
            if (byEmail.isPresent() && byEmail.get().emailVerified()) {
                throw ApiException.conflict("邮箱已被使用");
            }
            if (byName.isPresent() && (byEmail.isEmpty() || byName.get().id() != byEmail.get().id())) {
                throw ApiException.conflict("用户名已被使用");
            }
            if (byEmail.isPresent()) {
                UserRepository.replacePending(tx, byEmail.get().id(), username, hash, now.toEpochMilli());
                return byEmail.get().id();
            }
            return UserRepository.insert(tx, username, email, hash, now.toEpochMilli());
        }));
        String code = issueCode(userId, CodePurpose.VERIFY_EMAIL, email, now);
        deliver(MailTemplates.verification(email, code));
        return new Registration(userId, email, now.plus(codes.lifetime()));
    }

    /**
     * Checks a verification code; on success the address becomes verified (a new account, or the
     * new address of a changed one) and the user is signed in.
     *
     * @param email    the address the code was sent to
     * @param code     the code
     * @param clientIp caller's address
     * @return the session
     */
    public Session verifyEmail(String email, String code, String clientIp) {
        limits.acquire("verify-code", "per-ip", clientIp);
        DbExecute db = database.client().execute();
        List<EmailCodes.StoredCode> stored = codes.forTarget(db, email, CodePurpose.VERIFY_EMAIL);
        if (stored.isEmpty()) {
            throw ApiException.badRequest("验证码不存在或已过期");
        }
        EmailCodes.StoredCode target = stored.getFirst();
        Instant now = clock.instant();
        switch (codes.check(db, target, CodePurpose.VERIFY_EMAIL, code, now, true)) {
            case EXPIRED, NONE -> throw ApiException.badRequest("验证码已过期");
            case WRONG -> throw ApiException.badRequest("验证码错误");
            case EXHAUSTED -> throw ApiException.badRequest("验证码错误次数过多，请重新获取验证码");
            case OK -> {
                // fall through to the update below
            }
        }
        User user = uniqueGuard(() -> database.inTransaction(tx -> {
            User current = UserRepository.byId(tx, target.userId())
                    .orElseThrow(() -> ApiException.badRequest("验证码不存在或已过期"));
            if (current.hasPendingEmail() && UserRepository.key(current.pendingEmail()).equals(UserRepository.key(email))) {
                Optional<User> owner = UserRepository.byEmail(tx, email);
                if (owner.isPresent() && owner.get().id() != current.id()) {
                    throw ApiException.conflict("邮箱已被使用");
                }
                UserRepository.adoptPendingEmail(tx, current.id(), current.pendingEmail(), now.toEpochMilli());
            } else {
                UserRepository.markVerified(tx, current.id(), now.toEpochMilli());
            }
            return UserRepository.byId(tx, current.id()).orElseThrow();
        }));
        return new Session(authenticator.tokens().issue(user.id(), user.tokenVersion()), user);
    }

    /**
     * Mails a new code to an address waiting for verification (60-second cooldown).
     *
     * @param email    the address
     * @param clientIp caller's address
     * @return when the new code expires
     */
    public Instant resendVerification(String email, String clientIp) {
        limits.acquire("resend", "per-ip", clientIp);
        limits.acquire("resend", "per-account", UserRepository.key(email));
        Instant now = clock.instant();
        DbExecute db = database.client().execute();
        User user = UserRepository.byEmail(db, email).filter(u -> !u.emailVerified())
                .or(() -> db.get("SELECT id FROM users WHERE LOWER(pending_email) = ?", UserRepository.key(email))
                        .flatMap(row -> UserRepository.byId(db, row.column("id").get(Number.class).longValue())))
                .orElseThrow(() -> ApiException.badRequest("没有找到待验证的邮箱"));
        String code = issueCode(user.id(), CodePurpose.VERIFY_EMAIL, email, now);
        deliver(MailTemplates.verification(email, code));
        return now.plus(codes.lifetime());
    }

    /**
     * Signs in with user name (or address) and password.
     *
     * @param identifier user name, or the e-mail address
     * @param password   password
     * @param clientIp   caller's address
     * @return the session
     */
    public Session login(String identifier, String password, String clientIp) {
        limits.acquire("login", "per-ip", clientIp);
        limits.acquire("login", "per-account", UserRepository.key(identifier));
        DbExecute db = database.client().execute();
        Optional<User> found = identifier.contains("@")
                ? UserRepository.byEmail(db, identifier)
                : UserRepository.byUsername(db, identifier);
        if (found.isEmpty()) {
            hasher.verifyDecoy(password);
            throw ApiException.unauthorized("用户名或密码错误");
        }
        User user = found.get();
        if (!hasher.verify(password, user.passwordHash())) {
            throw ApiException.unauthorized("用户名或密码错误");
        }
        if (!user.emailVerified()) {
            throw ApiException.forbidden("邮箱未验证，请先完成邮箱验证");
        }
        if (hasher.needsRehash(user.passwordHash())) {
            UserRepository.setPasswordHash(db, user.id(), hasher.hash(password), clock.millis());
            LOG.log(Level.INFO, "Upgraded the password hash of user " + user.id() + " to Argon2id");
        }
        return new Session(authenticator.tokens().issue(user.id(), user.tokenVersion()), user);
    }

    /**
     * Revokes the presented token.
     *
     * @param caller the signed-in caller
     */
    public void logout(AuthenticatedUser caller) {
        authenticator.revoke(caller);
    }

    /**
     * Mails a reset code when user name and address belong to the same account. The answer is the
     * same either way, so the route does not reveal accounts.
     *
     * @param username user name
     * @param email    address
     * @param clientIp caller's address
     */
    public void forgotPassword(String username, String email, String clientIp) {
        limits.acquire("forgot-password", "per-ip", clientIp);
        limits.acquire("forgot-password", "per-account", UserRepository.key(username));
        Instant now = clock.instant();
        Optional<User> user = UserRepository.byUsername(database.client().execute(), username)
                .filter(u -> UserRepository.key(u.email()).equals(UserRepository.key(email)));
        if (user.isEmpty()) {
            LOG.log(Level.DEBUG, "Password reset asked for an unknown user/address pair");
            return;
        }
        String code = issueCode(user.get().id(), CodePurpose.RESET_PASSWORD, user.get().email(), now);
        deliver(MailTemplates.passwordReset(user.get().email(), code));
    }

    /**
     * Checks a reset code without using it up.
     *
     * @param username user name
     * @param email    address
     * @param code     code
     * @param clientIp caller's address
     */
    public void verifyResetCode(String username, String email, String code, String clientIp) {
        limits.acquire("verify-code", "per-ip", clientIp);
        checkResetCode(username, email, code, false);
    }

    /**
     * Sets a new password with a reset code; every earlier token of the user stops working.
     *
     * @param username    user name
     * @param email       address
     * @param code        code
     * @param newPassword validated new password
     * @param clientIp    caller's address
     */
    public void resetPassword(String username, String email, String code, String newPassword, String clientIp) {
        limits.acquire("verify-code", "per-ip", clientIp);
        User user = checkResetCode(username, email, code, true);
        String hash = hasher.hash(newPassword);
        long now = clock.millis();
        database.inTransaction(tx -> {
            UserRepository.resetPassword(tx, user.id(), hash, now);
            // The code went to this address, so the address is proven.
            UserRepository.markVerified(tx, user.id(), now);
            return null;
        });
    }

    private User checkResetCode(String username, String email, String code, boolean consume) {
        DbExecute db = database.client().execute();
        User user = UserRepository.byUsername(db, username)
                .filter(u -> UserRepository.key(u.email()).equals(UserRepository.key(email)))
                .orElseThrow(() -> ApiException.badRequest("验证码错误或已过期"));
        EmailCodes.StoredCode stored = codes.forUser(db, user.id(), CodePurpose.RESET_PASSWORD)
                .orElseThrow(() -> ApiException.badRequest("验证码错误或已过期"));
        return switch (codes.check(db, stored, CodePurpose.RESET_PASSWORD, code, clock.instant(), consume)) {
            case OK -> user;
            case EXHAUSTED -> throw ApiException.badRequest("验证码错误次数过多，请重新获取验证码");
            default -> throw ApiException.badRequest("验证码错误或已过期");
        };
    }

    /**
     * Reads one user: callers may read only themselves.
     *
     * @param caller the signed-in caller
     * @param id     requested id
     * @return the user
     */
    public User user(AuthenticatedUser caller, long id) {
        if (caller.id() != id) {
            throw ApiException.forbidden("无权访问其他用户的信息");
        }
        return UserRepository.byId(database.client().execute(), id)
                .orElseThrow(() -> ApiException.notFound("用户不存在"));
    }

    /**
     * Changes user name, address (verified by a code before it takes effect) and/or password.
     *
     * @param caller          the signed-in caller
     * @param username        new user name, or empty
     * @param email           new address, or empty
     * @param currentPassword current password (required for address and password changes), or empty
     * @param newPassword     new password, or empty
     * @return the account after the change
     */
    public ProfileChange updateProfile(AuthenticatedUser caller, String username, String email,
                                       String currentPassword, String newPassword) {
        User before = user(caller, caller.id());
        boolean emailChange = !email.isEmpty() && !UserRepository.key(email).equals(UserRepository.key(before.email()));
        boolean passwordChange = !newPassword.isEmpty();
        if ((emailChange || passwordChange)) {
            if (currentPassword.isEmpty()) {
                throw ApiException.badRequest("修改邮箱或密码需要提供当前密码 current_password");
            }
            if (!hasher.verify(currentPassword, before.passwordHash())) {
                throw ApiException.forbidden("当前密码错误");
            }
        }
        String newHash = passwordChange ? hasher.hash(newPassword) : "";
        Instant now = clock.instant();
        String code = uniqueGuard(() -> database.inTransaction(tx -> {
            if (!username.isEmpty() && !username.equals(before.username())) {
                Optional<User> owner = UserRepository.byUsername(tx, username);
                if (owner.isPresent() && owner.get().id() != before.id()) {
                    throw ApiException.conflict("用户名已被使用");
                }
                UserRepository.rename(tx, before.id(), username, now.toEpochMilli());
            }
            if (passwordChange) {
                UserRepository.resetPassword(tx, before.id(), newHash, now.toEpochMilli());
            }
            if (emailChange) {
                if (UserRepository.byEmail(tx, email).isPresent()) {
                    throw ApiException.conflict("邮箱已被使用");
                }
                UserRepository.setPendingEmail(tx, before.id(), email, now.toEpochMilli());
                return codes.issue(tx, before.id(), CodePurpose.VERIFY_EMAIL, email, now);
            }
            return "";
        }));
        if (!code.isEmpty()) {
            deliver(MailTemplates.verification(email, code));
        }
        User after = UserRepository.byId(database.client().execute(), before.id()).orElseThrow();
        Optional<IssuedToken> token = passwordChange
                ? Optional.of(authenticator.tokens().issue(after.id(), after.tokenVersion()))
                : Optional.empty();
        return new ProfileChange(after, token);
    }

    /**
     * Deletes the caller's account with its settings, stream records, codes and files.
     *
     * @param caller   the signed-in caller
     * @param password the caller's password
     */
    public void deleteAccount(AuthenticatedUser caller, String password) {
        User user = user(caller, caller.id());
        if (!hasher.verify(password, user.passwordHash())) {
            throw ApiException.forbidden("密码错误");
        }
        database.inTransaction(tx -> {
            UserRepository.delete(tx, user.id());
            return null;
        });
        deleteTree(userFiles.resolve(Long.toString(user.id())));
    }

    private Optional<User> fresh(DbExecute tx, Optional<User> user, Instant now) {
        if (user.isPresent() && !user.get().emailVerified()
                && user.get().createdAt().isBefore(now.minus(pendingRegistrationTtl))) {
            UserRepository.deleteStaleUnverified(tx, user.get().id(), now.minus(pendingRegistrationTtl).toEpochMilli());
            return Optional.empty();
        }
        return user;
    }

    private void deliver(MailMessage message) {
        try {
            mailer.send(message);
        } catch (Mailer.MailException e) {
            LOG.log(Level.WARNING, e.getMessage(), e);
            throw ApiException.unavailable("邮件发送失败，请稍后重试");
        }
    }

    private static <T> T uniqueGuard(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                throw ApiException.conflict("用户名或邮箱已被使用");
            }
            throw e;
        }
    }

    /** Issues a code; two requests racing for the same user and purpose: the loser is told to wait. */
    private String issueCode(long userId, CodePurpose purpose, String email, Instant now) {
        try {
            return database.inTransaction(tx -> codes.issue(tx, userId, purpose, email, now));
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                throw ApiException.tooManyRequests("验证码发送过于频繁，请稍后再试", Duration.ofSeconds(1));
            }
            throw e;
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + folder, e);
        }
    }
}
