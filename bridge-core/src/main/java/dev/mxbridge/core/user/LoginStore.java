package dev.mxbridge.core.user;

import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.network.UserLogin;
import dev.mxbridge.core.seal.SecretBox;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.Sql;
import java.util.List;

/**
 * Matrix users' remote logins. Credentials are sealed with the bridge's {@link SecretBox}, bound to the Matrix user
 * and login id, so a sealed value copied to another row does not open.
 */
public final class LoginStore {
    private final Sql sql;
    private final SecretBox box;

    public LoginStore(Database db, SecretBox box) {
        this.sql = new Sql(db);
        this.box = box;
    }

    private static String boundTo(String matrixUser, String loginId) {
        return "login\\0" + matrixUser + "\\0" + loginId;
    }

    /** Stores or replaces a login. */
    public void put(UserLogin login) {
        String sealed = box.encrypt(login.credentials(), boundTo(login.matrixUser(), login.loginId()));
        sql.inTransaction(c -> {
            Sql.update(c, "DELETE FROM user_login WHERE user_id = ? AND login_id = ?", login.matrixUser(), login.loginId());
            Sql.update(c, "INSERT INTO user_login (user_id, login_id, remote_user_id, credentials, created_at) VALUES (?, ?, ?, ?, ?)",
                    login.matrixUser(), login.loginId(), login.remoteUser().value(), sealed, System.currentTimeMillis());
            return null;
        });
    }

    /** A Matrix user's logins, oldest first. */
    public List<UserLogin> of(String matrixUser) {
        return sql.list("SELECT user_id, login_id, remote_user_id, credentials FROM user_login WHERE user_id = ? ORDER BY created_at",
                rs -> new UserLogin(rs.getString(1), rs.getString(2), new RemoteUserId(rs.getString(3)),
                        box.decrypt(rs.getString(4), boundTo(rs.getString(1), rs.getString(2)))), matrixUser);
    }

    /** Every stored login, to reconnect at start-up. */
    public List<UserLogin> all() {
        return sql.list("SELECT user_id, login_id, remote_user_id, credentials FROM user_login ORDER BY created_at",
                rs -> new UserLogin(rs.getString(1), rs.getString(2), new RemoteUserId(rs.getString(3)),
                        box.decrypt(rs.getString(4), boundTo(rs.getString(1), rs.getString(2)))));
    }

    /** Deletes a login; returns whether it existed. */
    public boolean delete(String matrixUser, String loginId) {
        return sql.update("DELETE FROM user_login WHERE user_id = ? AND login_id = ?", matrixUser, loginId) > 0;
    }
}
