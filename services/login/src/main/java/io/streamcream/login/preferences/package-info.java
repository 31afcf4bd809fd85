/**
 * User preferences ({@code user_settings.preferences}): validation against the API document's
 * {@code UserSetting.preferences}, secrets encrypted at rest, atomic merges, and the routes of both
 * faces.
 */
package io.streamcream.login.preferences;
