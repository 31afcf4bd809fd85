package io.streamcream.login;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.streamcream.common.testing.HttpReply;
import io.streamcream.common.testing.TestClient;
import io.streamcream.common.testing.TestEnvironment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The account routes on both faces, end to end: real server, real database (H2 and PostgreSQL,
 * one subclass each), real SMTP (GreenMail).
 */
abstract class AccountFlowTests {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final String PASSWORD = "correct-horse-42";

    final TestClient client;
    final TestEnvironment env;
    final MailCatcher mail;

    AccountFlowTests(URI uri, TestEnvironment env, MailCatcher mail) {
        this.client = new TestClient(uri);
        this.env = env;
        this.mail = mail;
    }

    /** Configuration every subclass starts with. */
    static Map<String, String> settings(MailCatcher mail) {
        Map<String, String> settings = new java.util.HashMap<>(mail.settings());
        settings.put("login.resend-cooldown", "PT60S");
        return settings;
    }

    static String unique(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() % 1000 + "_" + COUNTER.incrementAndGet();
    }

    /** Registers and verifies a user through the canonical routes; returns its token. */
    String signUp(String username, String email) {
        HttpReply registered = client.post("/api/auth/register",
                Map.of("username", username, "email", email, "password", PASSWORD));
        assertThat(registered.toString(), registered.status(), is(200));
        HttpReply verified = client.post("/api/auth/verify-email", Map.of("email", email, "code", mail.latestCode(email)));
        assertThat(verified.toString(), verified.status(), is(200));
        return verified.json().at("/data/token").asText();
    }

    String login(String username, String password) {
        HttpReply reply = client.post("/api/auth/login", Map.of("username", username, "password", password));
        assertThat(reply.toString(), reply.status(), is(200));
        return reply.json().at("/data/token").asText();
    }

    static void assertError(HttpReply reply, int status, String message) {
        assertThat(reply.toString(), reply.status(), is(status));
        JsonNode body = reply.json();
        assertThat(body.get("success").asBoolean(), is(false));
        assertThat(body.get("code").asInt(), is(status));
        assertThat(body.get("message").asText(), containsString(message));
        assertThat(reply.header("Content-Type").orElse(""), startsWith("application/json"));
    }

    @Test
    void canonicalSignUpVerifyLoginAndReadMe() {
        String name = unique("alice");
        String email = name + "@example.com";
        HttpReply registered = client.post("/api/auth/register",
                Map.of("username", name, "email", email, "password", PASSWORD));
        assertThat(registered.status(), is(200));
        JsonNode body = registered.json();
        assertThat(body.get("success").asBoolean(), is(true));
        assertThat(body.get("code").asInt(), is(200));
        assertThat(body.get("timestamp").asText(), matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertThat(body.at("/data/email").asText(), is(email));
        assertThat(body.at("/data/user_id").asLong(), greaterThan(0L));
        assertThat(body.at("/data/verification_expires").asText(), matchesPattern("\\d{4}-.*Z"));

        assertError(client.post("/api/auth/login", Map.of("username", name, "password", PASSWORD)), 403, "邮箱未验证");

        String code = mail.latestCode(email);
        assertThat(code, matchesPattern("\\d{6}"));
        String mailText = MailCatcher.content(mail.messagesTo(email).getLast());
        assertThat(mailText, containsString("验证码有效期为10分钟"));

        HttpReply verified = client.post("/api/auth/verify-email", Map.of("email", email, "code", code));
        assertThat(verified.toString(), verified.status(), is(200));
        assertThat(verified.json().at("/data/user/email_verified").asBoolean(), is(true));

        // The code is single-use.
        assertError(client.post("/api/auth/verify-email", Map.of("email", email, "code", code)), 400, "验证码不存在或已过期");

        HttpReply login = client.post("/api/auth/login", Map.of("username", name.toUpperCase(), "password", PASSWORD));
        assertThat(login.toString(), login.status(), is(200));
        assertThat(login.json().at("/message").asText(), is("登录成功"));
        JsonNode user = login.json().at("/data/user");
        assertThat(user.get("username").asText(), is(name));
        assertThat(user.get("email_verified").asBoolean(), is(true));
        String token = login.json().at("/data/token").asText();
        String[] parts = token.split("\\.");
        JsonNode claims = io.streamcream.common.json.Json.parse(java.util.Base64.getUrlDecoder().decode(parts[1]));
        for (String claim : new String[] {"user_id", "token_id", "iat", "exp", "jti"}) {
            assertThat(claim, claims.get(claim), notNullValue());
        }
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong(), is(7L * 24 * 3600));

        HttpReply me = client.get("/api/users/me", token);
        assertThat(me.status(), is(200));
        assertThat(me.json().at("/data/id").asLong(), is(user.get("id").asLong()));
        assertThat(me.text(), not(containsString("password")));

        HttpReply byEmail = client.post("/api/auth/login", Map.of("username", email.toUpperCase(), "password", PASSWORD));
        assertThat(byEmail.status(), is(200));

        HttpReply verifyToken = client.post("/api/auth/verify-token", "", token);
        assertThat(verifyToken.status(), is(200));
        assertThat(verifyToken.json().at("/data/user/username").asText(), is(name));
    }

    @Test
    void compatibleFaceKeepsTheOriginalShapes() {
        String name = unique("bob");
        String email = name + "@example.com";
        HttpReply registered = client.post("/api/register", Map.of("username", name, "email", email, "password", PASSWORD));
        assertThat(registered.status(), is(200));
        assertThat(registered.json().get("success").asBoolean(), is(true));
        assertThat(registered.json().get("message").asText(), is("验证码已发送，请查收邮箱"));
        assertThat(registered.json().get("email").asText(), is(email));

        HttpReply verified = client.post("/api/verify-email", Map.of("email", email, "code", mail.latestCode(email)));
        assertThat(verified.status(), is(201));
        assertThat(verified.json().get("message").asText(), is("注册成功！"));
        String token = verified.json().get("token").asText();
        assertThat(token.split("\\.").length, is(3));

        HttpReply login = client.post("/api/login", Map.of("username", name, "password", PASSWORD));
        assertThat(login.status(), is(200));
        assertThat(login.json().get("message").asText(), is("登录成功"));
        assertThat(login.json().get("token").asText().split("\\.").length, is(3));

        HttpReply prot = client.get("/api/protected", token);
        assertThat(prot.status(), is(200));
        assertThat(prot.json().get("success").asBoolean(), is(true));
        assertThat(prot.json().at("/user/username").asText(), is(name));
        assertThat(prot.json().at("/user/email").asText(), is(email));

        HttpReply verifyToken = client.post("/api/verify-token", "", token);
        assertThat(verifyToken.json().get("message").asText(), is("令牌有效"));
        assertThat(verifyToken.json().at("/user/id").asLong(), is(prot.json().at("/user/id").asLong()));

        // The original accepted any scheme word, or none at all.
        HttpReply bare = client.send(client.request("/api/protected").header("Authorization", token).GET().build());
        assertThat(bare.status(), is(200));
        assertError(client.post("/api/login", Map.of("username", name, "password", "wrong-password")), 401, "用户名或密码错误");
    }

    @Test
    void missingFieldsKeepTheOriginalMessages() {
        assertError(client.post("/api/register", Map.of("username", "x")), 400, "所有字段都是必填的");
        HttpReply missing = client.post("/api/auth/register", Map.of("username", unique("m")));
        assertThat(missing.json().at("/data/errors").findValuesAsText("field"), hasItem("password"));
        assertError(client.post("/api/verify-email", Map.of("email", "a@b.cn")), 400, "邮箱和验证码都是必填的");
        assertError(client.post("/api/resend-verification", Map.of()), 400, "邮箱是必填的");
        assertError(client.post("/api/forgot-password", Map.of("username", "u")), 400, "用户名和邮箱都是必填的");
        assertError(client.post("/api/verify-reset-code", Map.of("username", "u", "email", "a@b.cn")), 400,
                "用户名、邮箱和验证码都是必填的");
        assertError(client.post("/api/reset-password", Map.of("username", "u")), 400, "所有字段都是必填的");
        assertError(client.post("/api/auth/login", Map.of("username", "someone")), 400, "用户名和密码都是必填的");
        assertError(client.post("/api/auth/login", ""), 400, "用户名和密码都是必填的");
    }

    @Test
    void formatsAreValidatedOnTheServer() {
        HttpReply reply = client.post("/api/auth/register",
                Map.of("username", "a b", "email", "not-an-email", "password", "short"));
        assertThat(reply.status(), is(400));
        var fields = reply.json().at("/data/errors").findValuesAsText("field");
        assertThat(fields, hasItem("username"));
        assertThat(fields, hasItem("email"));
        assertThat(fields, hasItem("password"));
        assertError(client.post("/api/auth/register", Map.of("username", "ab", "email", "x@example.com",
                "password", PASSWORD)), 400, "用户名");
        assertError(client.post("/api/auth/register", Map.of("username", unique("long"), "email", "x@example.com",
                "password", "p".repeat(129))), 400, "密码长度");
        assertError(client.post("/api/auth/register", Map.of("username", true, "email", "x@example.com",
                "password", PASSWORD)), 400, "必须是字符串");
        assertError(client.post("/api/auth/register", Map.of("username", Map.of("a", 1), "email", "x@example.com",
                "password", PASSWORD)), 400, "必须是字符串");
    }

    @Test
    void duplicateUsersAreRejectedIgnoringCase() {
        String name = unique("carol");
        signUp(name, name + "@example.com");
        assertError(client.post("/api/auth/register", Map.of("username", name.toUpperCase(),
                "email", unique("other") + "@example.com", "password", PASSWORD)), 409, "用户名已被使用");
        assertError(client.post("/api/register", Map.of("username", unique("dave"),
                "email", (name + "@EXAMPLE.com").toUpperCase(), "password", PASSWORD)), 409, "邮箱已被使用");
    }

    @Test
    void wrongExpiredAndExhaustedCodes() {
        String name = unique("erin");
        String email = name + "@example.com";
        client.post("/api/auth/register", Map.of("username", name, "email", email, "password", PASSWORD));
        String code = mail.latestCode(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertError(client.post("/api/verify-email", Map.of("email", email, "code", wrong)), 400, "验证码错误");
        assertError(client.post("/api/verify-email", Map.of("email", unique("nobody") + "@example.com", "code", code)),
                400, "验证码不存在或已过期");
        // Expired: move the expiry into the past.
        env.db().update("UPDATE email_codes SET expires_at = ? WHERE target_key = ?", System.currentTimeMillis() - 1,
                email.toLowerCase());
        assertError(client.post("/api/verify-email", Map.of("email", email, "code", code)), 400, "验证码已过期");

        // A new code after the cooldown; five wrong tries kill it, even the right code fails then.
        env.db().update("UPDATE email_codes SET sent_at = 0 WHERE target_key = ?", email.toLowerCase());
        assertThat(client.post("/api/resend-verification", Map.of("email", email)).status(), is(200));
        String fresh = mail.latestCode(email);
        String bad = fresh.equals("123456") ? "654321" : "123456";
        for (int i = 0; i < 4; i++) {
            assertError(client.post("/api/verify-email", Map.of("email", email, "code", bad)), 400, "验证码错误");
        }
        assertError(client.post("/api/verify-email", Map.of("email", email, "code", bad)), 400, "次数过多");
        assertError(client.post("/api/verify-email", Map.of("email", email, "code", fresh)), 400, "验证码不存在或已过期");
    }

    @Test
    void resendHasACooldownAndReplacesTheCode() {
        String name = unique("frank");
        String email = name + "@example.com";
        client.post("/api/auth/register", Map.of("username", name, "email", email, "password", PASSWORD));
        String first = mail.latestCode(email);
        HttpReply tooSoon = client.post("/api/auth/resend-verification", Map.of("email", email));
        assertError(tooSoon, 429, "频繁");
        assertThat(Integer.parseInt(tooSoon.header("Retry-After").orElseThrow()), greaterThan(0));
        assertError(client.post("/api/resend-verification", Map.of("email", unique("x") + "@example.com")), 400,
                "没有找到待验证的邮箱");

        env.db().update("UPDATE email_codes SET sent_at = 0 WHERE target_key = ?", email.toLowerCase());
        HttpReply resent = client.post("/api/resend-verification", Map.of("email", email));
        assertThat(resent.json().get("message").asText(), is("验证码已重新发送"));
        assertThat(mail.messagesTo(email).size(), is(2));
        String second = mail.latestCode(email);
        if (!second.equals(first)) {
            assertError(client.post("/api/verify-email", Map.of("email", email, "code", first)), 400, "验证码错误");
        }
        assertThat(client.post("/api/verify-email", Map.of("email", email, "code", second)).status(), is(201));
    }

    @Test
    void loginFailuresDoNotRevealAccounts() {
        String name = unique("gina");
        signUp(name, name + "@example.com");
        assertError(client.post("/api/auth/login", Map.of("username", name, "password", "wrong-password")), 401,
                "用户名或密码错误");
        assertError(client.post("/api/auth/login", Map.of("username", unique("ghost"), "password", PASSWORD)), 401,
                "用户名或密码错误");
    }

    @Test
    void passwordResetRevokesEarlierTokens() {
        String name = unique("hank");
        String email = name + "@example.com";
        String oldToken = signUp(name, email);
        String otherOldToken = login(name, PASSWORD);

        HttpReply forgot = client.post("/api/forgot-password", Map.of("username", name, "email", email));
        assertThat(forgot.json().get("message").asText(), is("重置密码验证码已发送到您的邮箱"));
        String code = mail.latestCode(email);
        assertThat(MailCatcher.content(mail.messagesTo(email).getLast()), containsString("重置密码"));

        // Unknown pairs get the same answer, and no mail.
        HttpReply unknown = client.post("/api/auth/forgot-password", Map.of("username", name, "email", "x" + email));
        assertThat(unknown.status(), is(200));
        assertThat(mail.messagesTo("x" + email).size(), is(0));

        String wrong = code.equals("000000") ? "111111" : "000000";
        assertError(client.post("/api/verify-reset-code", Map.of("username", name, "email", email, "code", wrong)), 400,
                "验证码错误或已过期");
        HttpReply ok = client.post("/api/verify-reset-code", Map.of("username", name, "email", email, "code", code));
        assertThat(ok.json().get("message").asText(), is("验证码验证成功"));
        // Checking does not use the code up.
        assertThat(client.post("/api/auth/verify-reset-code",
                Map.of("username", name, "email", email, "code", code)).status(), is(200));

        assertError(client.post("/api/reset-password", Map.of("username", name, "email", email, "code", code,
                "new_password", "short")), 400, "密码长度");
        HttpReply reset = client.post("/api/reset-password", Map.of("username", name, "email", email, "code", code,
                "new_password", "brand-new-password"));
        assertThat(reset.json().get("message").asText(), is("密码重置成功"));

        assertError(client.get("/api/users/me", oldToken), 401, "令牌已失效");
        assertError(client.get("/api/protected", otherOldToken), 401, "令牌已失效");
        assertError(client.post("/api/auth/login", Map.of("username", name, "password", PASSWORD)), 401, "用户名或密码错误");
        String fresh = login(name, "brand-new-password");
        assertThat(client.get("/api/users/me", fresh).status(), is(200));
        // The code is gone after use.
        assertError(client.post("/api/reset-password", Map.of("username", name, "email", email, "code", code,
                "new_password", "another-password")), 400, "验证码错误或已过期");
    }

    @Test
    void usersCanReadOnlyThemselves() {
        String a = unique("ivy");
        String b = unique("jack");
        String tokenA = signUp(a, a + "@example.com");
        String tokenB = signUp(b, b + "@example.com");
        long idA = client.get("/api/users/me", tokenA).json().at("/data/id").asLong();
        assertThat(client.get("/api/users/" + idA, tokenA).status(), is(200));
        assertError(client.get("/api/users/" + idA, tokenB), 403, "无权");
        assertError(client.get("/api/users/not-a-number", tokenA), 404, "用户不存在");
        assertError(client.get("/api/users/" + idA, null), 401, "未提供令牌");
    }

    @Test
    void profileChanges() {
        String name = unique("kate");
        String email = name + "@example.com";
        String token = signUp(name, email);
        String other = unique("leo");
        signUp(other, other + "@example.com");

        HttpReply renamed = client.json("PUT", "/api/users/me", Map.of("username", name + "x"), token);
        assertThat(renamed.toString(), renamed.status(), is(200));
        assertThat(renamed.json().at("/data/user/username").asText(), is(name + "x"));
        assertError(client.json("PUT", "/api/users/me", Map.of("username", other.toUpperCase()), token), 409, "用户名已被使用");
        assertError(client.json("PUT", "/api/users/me", Map.of(), token), 400, "没有需要更新的字段");

        assertError(client.json("PUT", "/api/users/me", Map.of("new_password", "another-password"), token), 400,
                "current_password");
        assertError(client.json("PUT", "/api/users/me", Map.of("new_password", "another-password",
                "current_password", "wrong-password"), token), 403, "当前密码错误");
        HttpReply changed = client.json("PUT", "/api/users/me", Map.of("new_password", "another-password",
                "current_password", PASSWORD), token);
        assertThat(changed.toString(), changed.status(), is(200));
        String newToken = changed.json().at("/data/token").asText();
        assertError(client.get("/api/users/me", token), 401, "令牌已失效");
        assertThat(client.get("/api/users/me", newToken).status(), is(200));

        // An address change takes effect only after the code sent to the new address is verified.
        String newEmail = unique("kate2") + "@example.com";
        HttpReply emailChange = client.json("PUT", "/api/users/me", Map.of("email", newEmail,
                "current_password", "another-password"), newToken);
        assertThat(emailChange.toString(), emailChange.status(), is(200));
        assertThat(emailChange.json().at("/data/user/email").asText(), is(email));
        assertThat(emailChange.json().at("/data/user/pending_email").asText(), is(newEmail));
        HttpReply verified = client.post("/api/auth/verify-email", Map.of("email", newEmail, "code", mail.latestCode(newEmail)));
        assertThat(verified.toString(), verified.status(), is(200));
        HttpReply me = client.get("/api/users/me", newToken);
        assertThat(me.json().at("/data/email").asText(), is(newEmail));
        assertThat(me.json().at("/data/pending_email").isMissingNode(), is(true));
        assertError(client.json("PUT", "/api/users/me", Map.of("email", other + "@example.com",
                "current_password", "another-password"), newToken), 409, "邮箱已被使用");
    }

    @Test
    void accountDeletion() {
        String name = unique("mia");
        String token = signUp(name, name + "@example.com");
        java.nio.file.Path files = env.dataDir().resolve("users");
        long id = client.get("/api/users/me", token).json().at("/data/id").asLong();
        try {
            java.nio.file.Files.createDirectories(files.resolve(Long.toString(id)));
            java.nio.file.Files.writeString(files.resolve(id + "/background.png"), "x");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertError(client.json("DELETE", "/api/users/me", Map.of(), token), 400, "password");
        assertError(client.json("DELETE", "/api/users/me", Map.of("password", "wrong-password"), token), 403, "密码错误");
        HttpReply deleted = client.json("DELETE", "/api/users/me", Map.of("password", PASSWORD), token);
        assertThat(deleted.toString(), deleted.status(), is(200));
        assertThat(java.nio.file.Files.exists(files.resolve(Long.toString(id))), is(false));
        assertError(client.get("/api/users/me", token), 401, "用户不存在");
        // The name and address are free again.
        signUp(name, name + "@example.com");
    }

    @Test
    void logoutRevokesOnlyThatToken() {
        String name = unique("nina");
        String first = signUp(name, name + "@example.com");
        String second = login(name, PASSWORD);
        assertThat(client.post("/api/auth/logout", "", first).status(), is(200));
        assertError(client.get("/api/users/me", first), 401, "令牌已失效");
        assertThat(client.get("/api/users/me", second).status(), is(200));
        assertError(client.post("/api/auth/logout", "", first), 401, "令牌已失效");
        assertThat(env.db().get("SELECT COUNT(*) AS n FROM revoked_tokens").orElseThrow()
                .column("n").get(Number.class).intValue(), greaterThan(0));
    }

    @Test
    void migratedWerkzeugHashesWorkAndAreUpgraded() {
        String name = unique("olaf");
        long now = System.currentTimeMillis();
        // Hash of "correct horse" made by Python's hashlib.scrypt exactly as Werkzeug 3.1 does.
        String werkzeug = "scrypt:32768:8:1$AbCdEfGh12345678$a40e151ba14e69c5af5070ad83a3d4831fdec420a8564063ac8db3295a7"
                + "79cc32c8b89881a044abe960c04ed72c9c4f2076c0f1af16a174e818ab321bf472a48";
        env.db().insert("INSERT INTO users (username, username_key, email, email_key, password_hash, email_verified, "
                        + "token_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, TRUE, 0, ?, ?)",
                name, name.toLowerCase(), name + "@example.com", name.toLowerCase() + "@example.com", werkzeug, now, now);
        assertError(client.post("/api/login", Map.of("username", name, "password", "wrong horse")), 401, "用户名或密码错误");
        HttpReply login = client.post("/api/login", Map.of("username", name, "password", "correct horse"));
        assertThat(login.toString(), login.status(), is(200));
        String stored = env.db().get("SELECT password_hash FROM users WHERE username_key = ?", name.toLowerCase())
                .orElseThrow().column("password_hash").get(String.class);
        assertThat(stored, startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        assertThat(client.post("/api/login", Map.of("username", name, "password", "correct horse")).status(), is(200));
    }

    @Test
    void everyCodeInTheDatabaseIsHashed() {
        String name = unique("pia");
        String email = name + "@example.com";
        client.post("/api/auth/register", Map.of("username", name, "email", email, "password", PASSWORD));
        String code = mail.latestCode(email);
        var hashes = env.db().query("SELECT code_hash FROM email_codes").map(r -> r.column("code_hash").get(String.class))
                .toList();
        assertThat(hashes, everyItem(not(containsString(code))));
        assertThat(hashes, everyItem(matchesPattern("[0-9a-f]{64}")));
    }

    @Test
    void forgedAndBrokenTokensAreRejected() {
        String name = unique("quinn");
        String token = signUp(name, name + "@example.com");
        long id = client.get("/api/users/me", token).json().at("/data/id").asLong();
        String[] parts = token.split("\\.");
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        java.util.Base64.Decoder d64 = java.util.Base64.getUrlDecoder();

        assertError(client.get("/api/users/me", null), 401, "未提供令牌");
        assertError(client.get("/api/protected", null), 401, "未提供令牌");
        assertError(client.get("/api/users/me", "garbage"), 401, "无效令牌");
        assertError(client.get("/api/users/me", "a.b.c"), 401, "无效令牌");

        // Payload changed (another user id), signature kept.
        String payload = new String(d64.decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"user_id\":" + id, "\"user_id\":" + (id + 1000));
        String tampered = parts[0] + "." + b64.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];
        assertError(client.get("/api/users/me", tampered), 401, "无效令牌");

        // alg: none, with and without the original signature.
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertError(client.get("/api/users/me", none + "." + parts[1] + "."), 401, "无效令牌");
        assertError(client.get("/api/users/me", none + "." + parts[1] + "." + parts[2]), 401, "无效令牌");

        // Another algorithm with the same secret, another secret, an expired token, a future one.
        assertError(client.get("/api/users/me", forge(id, "HS512", TestEnvironment.JWT_SECRET, java.time.Duration.ZERO)),
                401, "无效令牌");
        assertError(client.get("/api/users/me", forge(id, "HS256", "another-secret-another-secret-another-secret!",
                java.time.Duration.ZERO)), 401, "无效令牌");
        assertError(client.get("/api/users/me", forge(id, "HS256", TestEnvironment.JWT_SECRET,
                java.time.Duration.ofDays(-8))), 401, "无效令牌");
        assertError(client.get("/api/users/me", forge(id, "HS256", TestEnvironment.JWT_SECRET,
                java.time.Duration.ofHours(1))), 401, "无效令牌");
        // A correctly forged one (same key, now) is accepted: the checks above failed for their own reason.
        assertThat(client.get("/api/users/me", forge(id, "HS256", TestEnvironment.JWT_SECRET,
                java.time.Duration.ZERO)).status(), is(200));
    }

    @Test
    void racingRequestsGetClearAnswers() throws Exception {
        String name = unique("race");
        java.util.List<java.util.concurrent.Callable<Integer>> registrations = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String email = name + i + "@example.com";
            registrations.add(() -> client.post("/api/auth/register",
                    Map.of("username", name, "email", email, "password", PASSWORD)).status());
        }
        java.util.List<Integer> statuses = runAll(registrations);
        assertThat(statuses.stream().filter(s -> s == 200).count(), is(1L));
        assertThat(statuses, everyItem(org.hamcrest.Matchers.oneOf(200, 409)));

        String other = unique("race2");
        String token = signUp(other, other + "@example.com");
        java.util.List<java.util.concurrent.Callable<Integer>> logouts = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            logouts.add(() -> client.post("/api/auth/logout", "", token).status());
        }
        assertThat(runAll(logouts), everyItem(org.hamcrest.Matchers.oneOf(200, 401)));
        assertError(client.get("/api/users/me", token), 401, "令牌已失效");
    }

    private static java.util.List<Integer> runAll(java.util.List<java.util.concurrent.Callable<Integer>> tasks)
            throws Exception {
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.List<Integer> results = new java.util.ArrayList<>();
            for (var future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        }
    }

    /** Signs a token for a user with a given algorithm, secret and clock offset. */
    static String forge(long userId, String algorithm, String secret, java.time.Duration clockOffset) {
        io.helidon.config.Config jwt = io.helidon.config.Config.just(io.helidon.config.ConfigSources.create(
                Map.of("algorithm", algorithm, "secret", secret, "lifetime", "PT168H")));
        java.time.Clock clock = java.time.Clock.offset(java.time.Clock.systemUTC(), clockOffset);
        return io.streamcream.common.security.TokenService.create(jwt,
                new io.streamcream.common.security.SecretStore(java.nio.file.Path.of("/nonexistent")), clock)
                .issue(userId, 0).token();
    }
}
