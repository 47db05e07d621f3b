'use strict';
// `sync.js --seed`: Sequelize writes a few rows, then answers some finds and accessor calls. Each
// answer goes into the expectation with the same question in Grumble's terms (a model by table name,
// find options as JSON, an accessor by name), so the test can ask Grumble's engine the same thing.

const plain = (value) => JSON.parse(JSON.stringify(value));

async function writeRows(db) {
  const { User, Post, Comment, Profile, employee, badge, department, student, course, lesson } = db;
  const [ann, bob] = await User.bulkCreate([
    { firstName: 'Ann', email: 'ann@example.org' },
    { firstName: 'Bob', email: null },
  ]);
  const hello = await Post.create({ title: 'Hello', body: 'First post', published: true, authorId: ann.id, editorId: bob.id });
  await Post.create({ title: 'Second', authorId: bob.id });
  await Comment.create({ body: 'Nice', PostId: hello.id, UserId: bob.id });
  await Profile.create({ bio: 'Writes things', UserId: ann.id });
  await ann.addFriend(bob);
  await department.create({ code: 'ENG', name: 'Engineering' });
  const boss = await employee.create({ firstName: 'Carol', hiredOn: '2019-03-01', departmentCode: 'ENG' });
  const worker = await employee.create({ firstName: 'Dan', managerId: boss.id, departmentCode: 'ENG' });
  await badge.create({ code: 'B-7', employeeId: worker.id });
  const [eve, fay] = await student.bulkCreate([{ name: 'Eve' }, { name: 'Fay' }]);
  const [sql, art] = await course.bulkCreate([{ title: 'SQL' }, { title: 'Art', credits: 3 }]);
  await eve.addCourse(sql, { through: { role: 'ta', grade: 1.5 } });
  await eve.addCourse(art);
  await fay.addCourse(sql, { through: { grade: 2.25 } });
  await lesson.create({ title: 'SELECT', position: 1, courseId: sql.id });
  return { ann, hello, sql };
}

async function seed(db) {
  const { User, Post, student } = db;
  const { ann, hello, sql } = await writeRows(db);
  const byId = [['id', 'ASC']];
  return [
    {
      name: 'posts with their author and editor',
      model: 'Posts',
      options: { include: ['author', 'editor'], order: byId },
      result: plain(await Post.findAll({ include: ['author', 'editor'], order: byId })),
    },
    {
      name: 'users with their comments',
      model: 'Users',
      options: { include: ['Comments'], order: byId },
      result: plain(await User.findAll({ include: ['Comments'], order: byId })),
    },
    {
      name: 'students with their courses through enrollments',
      model: 'student',
      options: { include: ['courses'], order: byId },
      result: plain(await student.findAll({ include: ['courses'], order: [['id', 'ASC'], ['courses', 'id', 'ASC']] })),
    },
    { name: 'Posts#1.getAuthor()', model: 'Posts', pk: hello.id, accessor: 'getAuthor', result: plain(await hello.getAuthor()) },
    { name: 'Users#1.getFriends()', model: 'Users', pk: ann.id, accessor: 'getFriends', result: plain(await ann.getFriends()) },
    {
      name: 'courses#1.getStudents()',
      model: 'courses',
      pk: sql.id,
      accessor: 'getStudents',
      result: plain(await sql.getStudents({ order: byId })),
    },
  ];
}

module.exports = { seed };
