package io.streamcream.tts.speech;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The prompts of one language. Chinese uses the original frontend's wording; English and Japanese
 * carry the same instructions.
 */
public enum SpeechLanguage {
    /** Chinese (default). */
    ZH("你是一个专业的直播内容助手，擅长生成结构清晰、通俗易懂的内容。",
            "为主题\"%s\"生成一个直播提纲，包含%s个章节，每个章节用一个简短标题概括。格式：\n1. 章节一\n2. 章节二\n以此类推。",
            "为直播主题\"%s\"的\"%s\"章节生成详细讲解内容。每个句子都要简短，便于字幕显示。一定注意：不要生成直播内容以外的文字，包括标题，对我的回复，语言标记等等。",
            "风格：%s。", "请涉及这些关键词：%s。", "、", "5-8"),
    /** English. */
    EN("You are a professional live-stream content assistant who writes clear, easy-to-follow content.",
            "Write an outline for a live stream on the topic \"%s\" with %s sections, each summed up by a short "
                    + "title. Format:\n1. Section one\n2. Section two\nand so on.",
            "Write the detailed script for the section \"%2$s\" of a live stream on \"%1$s\". Keep every sentence "
                    + "short so it fits a subtitle. Important: write nothing but the spoken content: no titles, no "
                    + "replies to me, no language tags.",
            "Style: %s.", "Mention these keywords: %s.", ", ", "5-8"),
    /** Japanese. */
    JA("あなたはライブ配信のプロのコンテンツアシスタントで、分かりやすく構成のしっかりした内容を作るのが得意です。",
            "テーマ「%s」のライブ配信の構成案を、%s個の章で作ってください。各章は短いタイトルでまとめてください。形式：\n1. 第一章\n2. 第二章\n以下同様。",
            "ライブ配信のテーマ「%s」の「%s」の章について、詳しい解説の台本を書いてください。字幕に表示しやすいよう、一文は短くしてください。"
                    + "注意：タイトル、私への返事、言語表示など、配信内容以外の文章は一切書かないでください。",
            "スタイル：%s。", "次のキーワードに触れてください：%s。", "、", "5〜8");

    private final String system;
    private final String outline;
    private final String section;
    private final String style;
    private final String keywords;
    private final String keywordSeparator;
    private final String defaultSections;

    SpeechLanguage(String system, String outline, String section, String style, String keywords,
                   String keywordSeparator, String defaultSections) {
        this.system = system;
        this.outline = outline;
        this.section = section;
        this.style = style;
        this.keywords = keywords;
        this.keywordSeparator = keywordSeparator;
        this.defaultSections = defaultSections;
    }

    /**
     * @param code a language code such as {@code zh}, {@code zh-CN}, {@code en-US}, {@code ja}
     * @return the language, if supported
     */
    public static Optional<SpeechLanguage> of(String code) {
        String key = code.strip().toLowerCase(Locale.ROOT);
        int dash = key.indexOf('-') >= 0 ? key.indexOf('-') : key.indexOf('_');
        key = dash > 0 ? key.substring(0, dash) : key;
        return switch (key) {
            case "zh", "cn" -> Optional.of(ZH);
            case "en" -> Optional.of(EN);
            case "ja", "jp" -> Optional.of(JA);
            default -> Optional.empty();
        };
    }

    String systemPrompt() {
        return system;
    }

    String outlinePrompt(SpeechRequest request) {
        String count = request.sections() > 0 ? Integer.toString(request.sections()) : defaultSections;
        return String.format(outline, request.topic(), count) + extras(request);
    }

    String sectionPrompt(SpeechRequest request, String title) {
        return String.format(section, request.topic(), title) + extras(request);
    }

    private String extras(SpeechRequest request) {
        StringBuilder extra = new StringBuilder();
        if (!request.style().isEmpty()) {
            extra.append('\n').append(String.format(style, request.style()));
        }
        if (!request.keywords().isEmpty()) {
            extra.append('\n').append(String.format(keywords, String.join(keywordSeparator, request.keywords())));
        }
        return extra.toString();
    }
}
