package io.streamcream.login.mail;

/** The mails of the login service, with the original system's wording. */
public final class MailTemplates {

    private static final String CODE_STYLE = "color: #007bff; font-size: 24px;";

    private MailTemplates() {
    }

    /**
     * @param to   recipient
     * @param code six digits
     * @return the verification mail
     */
    public static MailMessage verification(String to, String code) {
        return new MailMessage(to, "StreamCream 邮箱验证码", page("StreamCream 邮箱验证",
                "您的验证码是：<strong style=\"" + CODE_STYLE + "\">" + code + "</strong>",
                "验证码有效期为10分钟，请尽快验证。"));
    }

    /**
     * @param to   recipient
     * @param code six digits
     * @return the password-reset mail
     */
    public static MailMessage passwordReset(String to, String code) {
        return new MailMessage(to, "StreamCream 重置密码验证码", page("StreamCream 重置密码",
                "您正在重置密码，验证码是：<strong style=\"" + CODE_STYLE + "\">" + code + "</strong>",
                "验证码有效期为10分钟，请尽快使用。"));
    }

    private static String page(String title, String codeLine, String validity) {
        return "<html><body>"
                + "<h2>" + title + "</h2>"
                + "<p>" + codeLine + "</p>"
                + "<p>" + validity + "</p>"
                + "<p>如果这不是您的操作，请忽略此邮件。</p>"
                + "<br><p>StreamCream 团队</p>"
                + "</body></html>";
    }
}
