/** Database access: settings, pool, migrations and transactions. */
package io.streamcream.common.db;
