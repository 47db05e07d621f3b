-- A small blog database as an application made it, outside Grumble: no Grumble schema, its own
-- column names. Load it with `sqlite3 blog.sqlite < docs/examples/blog.sql`, then point Grumble at
-- blog.sqlite (see the README: "On your own database").
PRAGMA foreign_keys = ON;

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email VARCHAR(255) NOT NULL UNIQUE,
    name VARCHAR(255),
    createdAt DATETIME NOT NULL,
    updatedAt DATETIME NOT NULL
);

CREATE TABLE profiles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bio TEXT,
    userId INTEGER UNIQUE REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    createdAt DATETIME NOT NULL,
    updatedAt DATETIME NOT NULL
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title VARCHAR(200) NOT NULL,
    body TEXT,
    published TINYINT(1) NOT NULL DEFAULT 0,
    authorId INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    editorId INTEGER REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE,
    createdAt DATETIME NOT NULL,
    updatedAt DATETIME NOT NULL
);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL,
    postId INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE ON UPDATE CASCADE,
    parentId INTEGER REFERENCES comments (id) ON DELETE CASCADE ON UPDATE CASCADE,
    createdAt DATETIME NOT NULL,
    updatedAt DATETIME NOT NULL
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label VARCHAR(64) NOT NULL UNIQUE
);

CREATE TABLE post_tags (
    postId INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE ON UPDATE CASCADE,
    tagId INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE ON UPDATE CASCADE,
    createdAt DATETIME NOT NULL,
    updatedAt DATETIME NOT NULL,
    PRIMARY KEY (postId, tagId)
);

CREATE TABLE audit_log (
    at DATETIME NOT NULL,
    what TEXT NOT NULL,
    location POINT
);

INSERT INTO users (email, name, createdAt, updatedAt) VALUES
    ('ada@example.org', 'Ada', '2026-11-30 09:00:00.000 +00:00', '2026-11-30 09:00:00.000 +00:00'),
    ('brian@example.org', 'Brian', '2026-11-30 09:05:00.000 +00:00', '2026-11-30 09:05:00.000 +00:00');
INSERT INTO profiles (bio, userId, createdAt, updatedAt) VALUES
    ('Writes about engines.', 1, '2026-11-30 09:01:00.000 +00:00', '2026-11-30 09:01:00.000 +00:00');
INSERT INTO posts (title, body, published, authorId, editorId, createdAt, updatedAt) VALUES
    ('Associations, measured', 'belongsTo, hasMany and friends.', 1, 1, 2, '2026-12-01 10:00:00.000 +00:00', '2026-12-01 10:00:00.000 +00:00'),
    ('Join tables', 'Two foreign keys and a composite key.', 0, 1, NULL, '2026-12-01 11:00:00.000 +00:00', '2026-12-01 11:00:00.000 +00:00'),
    ('Notes from QA', 'Open the database as it is.', 1, 2, 1, '2026-12-01 12:00:00.000 +00:00', '2026-12-01 12:00:00.000 +00:00');
INSERT INTO comments (body, postId, parentId, createdAt, updatedAt) VALUES
    ('Nice.', 1, NULL, '2026-12-01 13:00:00.000 +00:00', '2026-12-01 13:00:00.000 +00:00'),
    ('Agreed.', 1, 1, '2026-12-01 13:05:00.000 +00:00', '2026-12-01 13:05:00.000 +00:00');
INSERT INTO tags (label) VALUES ('sql'), ('orm'), ('qa');
INSERT INTO post_tags (postId, tagId, createdAt, updatedAt) VALUES
    (1, 1, '2026-12-01 10:00:00.000 +00:00', '2026-12-01 10:00:00.000 +00:00'),
    (1, 2, '2026-12-01 10:00:00.000 +00:00', '2026-12-01 10:00:00.000 +00:00'),
    (3, 3, '2026-12-01 12:00:00.000 +00:00', '2026-12-01 12:00:00.000 +00:00');
INSERT INTO audit_log (at, what, location) VALUES ('2026-12-01 12:00:00', 'published post 3', NULL);
