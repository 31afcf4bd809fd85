package io.streamcream.tts.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.streamcream.common.http.ApiException;

/**
 * Writes a speech with the user's LLM the way the original frontend did: first an outline, then the
 * content of each section, split into subtitle-sized sentences and moderated.
 */
public final class SpeechWriter {

    private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d+\\s*[.、．)）]\\s*(.+)$");
    private static final int MAX_SECTIONS = 12;

    private final ChatClient chat;
    private final SentenceSplitter splitter;
    private final Moderation moderation;

    /**
     * @param chat       the LLM client
     * @param splitter   sentence splitting
     * @param moderation banned words
     */
    public SpeechWriter(ChatClient chat, SentenceSplitter splitter, Moderation moderation) {
        this.chat = chat;
        this.splitter = splitter;
        this.moderation = moderation;
    }

    /**
     * Writes the speech, reporting each finished section as it comes (for streaming answers).
     *
     * @param ai        the user's LLM
     * @param request   topic and options
     * @param onOutline called with the outline titles before any section is written
     * @param onSection called with each section when it is done
     * @return the whole speech
     */
    public Speech write(AiSettings ai, SpeechRequest request, Consumer<List<String>> onOutline,
                        Consumer<SpeechSection> onSection) {
        SpeechLanguage language = request.language();
        String outlineText = chat.complete(ai, List.of(
                new ChatMessage("system", language.systemPrompt()),
                new ChatMessage("user", language.outlinePrompt(request))), false);
        List<String> titles = outline(outlineText);
        if (request.sections() > 0 && titles.size() > request.sections()) {
            titles = titles.subList(0, request.sections());
        }
        if (titles.isEmpty()) {
            throw new ApiException(io.helidon.http.Status.BAD_GATEWAY_502, "LLM 没有给出可用的提纲");
        }
        onOutline.accept(titles);
        List<SpeechSection> sections = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (String title : titles) {
            String content = chat.complete(ai, List.of(
                    new ChatMessage("system", language.systemPrompt()),
                    new ChatMessage("user", language.sectionPrompt(request, title))), false);
            SpeechSection section = new SpeechSection(title, moderation.apply(splitter.split(content)));
            sections.add(section);
            sentences.addAll(section.sentences());
            onSection.accept(section);
        }
        return new Speech(List.copyOf(sections), List.copyOf(sentences));
    }

    /**
     * Parses an outline: numbered lines give their title; other non-empty lines are titles as they stand
     * (the original frontend's rule), without Markdown decoration.
     *
     * @param text the LLM's outline
     * @return the titles, at most twelve
     */
    static List<String> outline(String text) {
        List<String> titles = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String stripped = line.strip().replaceAll("^[#*\\-\\s]+", "").replaceAll("\\*+", "").strip();
            if (stripped.isEmpty()) {
                continue;
            }
            Matcher numbered = NUMBERED.matcher(stripped);
            titles.add(numbered.matches() ? numbered.group(1).strip() : stripped);
            if (titles.size() == MAX_SECTIONS) {
                break;
            }
        }
        return titles;
    }
}
