/**
 * Rich text for bridges: one model of formatted text, and its conversion to and from Matrix. A message's text is a
 * {@link dev.mxbridge.core.format.FormattedText}, a sequence of sealed {@link dev.mxbridge.core.format.Node}s (text,
 * {@link dev.mxbridge.core.format.Style styled} spans, links, mentions, code, quotes, lists). Matrix content
 * converts with {@link dev.mxbridge.core.format.MatrixHtml}: {@code fromContent} reads {@code body},
 * {@code formatted_body} (sanitised against the spec's allowlist) and {@code m.mentions}; {@code toContent} writes
 * them, escaping all text. A network module only converts between this model and its own syntax (mIRC codes, Slack
 * mrkdwn, Telegram entities), mapping mentioned users with its {@link dev.mxbridge.core.format.MentionResolver}.
 */
package dev.mxbridge.core.format;
