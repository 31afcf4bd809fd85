/**
 * Background images: multipart upload with content sniffing, per-user storage under unguessable
 * names with a quota, conditional serving, and a default image drawn by the project.
 */
package io.streamcream.login.backgrounds;
