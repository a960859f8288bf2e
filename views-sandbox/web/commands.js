// Application commands in the sandbox page (docs/sandbox.md, "Web page"):
// typing "/" in the message box opens a picker of the chat-input commands
// the bot registered for the channel, filtered as the user types; the
// chosen command's options become inputs of their type, and Enter or "Run"
// runs it through POST /sandbox/command. Context-menu commands: "Apps" on
// a message (message commands) and on a member of the list on the right
// (user commands). Loaded before the page's main script, whose helpers
// (api, esc, $, me, channel, users, channels, roles, followUp, status)
// it calls when the user acts.
'use strict';

let commands = [];        // the commands a user can run in the channel
let picking = null;       // {active: index} while the picker is open
let chosen = null;        // {command, path: [subcommand names]} whose options are shown

async function loadCommands() {
  commands = channel ? await api(`/commands?channel_id=${channel}`) : [];
  if (picking) renderPicker();
  renderMembers();
}

// ---- the picker ---------------------------------------------------------

const slashCommands = () => commands.filter(c => c.type === 1);

// The chat-input commands matching what follows "/": names starting with
// it first, then names containing it.
function matching() {
  const typed = $('composer').value.slice(1).split(' ')[0].toLowerCase();
  const all = slashCommands();
  return [...all.filter(c => c.name.startsWith(typed)),
          ...all.filter(c => !c.name.startsWith(typed) && c.name.includes(typed))];
}

function renderPicker() {
  const picker = $('command-picker');
  if (!picking) { picker.hidden = true; picker.innerHTML = ''; return; }
  const found = matching();
  picking.active = Math.min(picking.active, Math.max(found.length - 1, 0));
  const empty = slashCommands().length ? 'No commands match' : 'No commands in this channel';
  picker.innerHTML = `<div class="picker-head">Commands</div>` + (found.length
    ? found.map((c, i) => `<div class="command-item${i === picking.active ? ' active' : ''}" data-action="pick-command" data-name="${esc(c.name)}">
        <span class="command-name">/${esc(c.name)}</span><span class="command-desc">${esc(c.description)}</span></div>`).join('')
    : `<div class="command-empty">${empty}</div>`);
  picker.hidden = false;
}

function closeCommand() {
  picking = null;
  chosen = null;
  renderPicker();
  $('command-form').hidden = true;
  $('command-form').innerHTML = '';
}

// The subcommands of a command as paths: [sub] or [group, sub].
function subcommandPaths(command) {
  const paths = [];
  for (const o of command.options || []) {
    if (o.type === 1) paths.push([o.name]);
    if (o.type === 2) for (const s of o.options || []) if (s.type === 1) paths.push([o.name, s.name]);
  }
  return paths;
}

// The plain options of the chosen command (of its chosen subcommand).
function leafOptions() {
  let options = chosen.command.options || [];
  for (const name of chosen.path) options = (options.find(o => o.name === name) || {}).options || [];
  return options;
}

function choose(name) {
  const command = slashCommands().find(c => c.name === name);
  if (!command) return;
  const paths = subcommandPaths(command);
  chosen = {command, path: paths[0] || []};
  picking = null;
  renderPicker();
  $('composer').value = `/${command.name} `;
  renderForm();
  const first = $('command-form').querySelector('select, input');
  (first || $('composer')).focus();
}

// Entities an option can name: users, this guild's channels and its role.
function guildOf(channelId) {
  return (channels.find(c => c.id === channelId) || {}).guild_id;
}
// People first, then apps, as Discord's member list groups them.
const members = () => [...users.filter(u => !u.bot), ...users.filter(u => u.bot)];

function entityChoices(type) {
  const guild = guildOf(channel);
  const people = members().map(u => [u.id, u.username + (u.bot ? ' (APP)' : '')]);
  const rooms = channels.filter(c => c.guild_id === guild).map(c => [c.id, '#' + c.name]);
  const everyone = guild ? [[String(guild), '@everyone']] : [];
  return {6: people, 7: rooms, 8: everyone, 9: [...people, ...everyone]}[type] || [];
}

function optionControl(o) {
  const name = `name="${esc(o.name)}" data-type="${o.type}"`;
  const req = o.required ? 'required' : '';
  const blank = `<option value="">${o.required ? 'Choose…' : '(none)'}</option>`;
  if (o.choices && o.choices.length) {
    return `<select ${name} ${req}>${blank}${o.choices.map(c =>
      `<option value="${esc(c.value)}">${esc(c.name)}</option>`).join('')}</select>`;
  }
  const range = `${o.min_value != null ? `min="${o.min_value}"` : ''} ${o.max_value != null ? `max="${o.max_value}"` : ''}`;
  switch (o.type) {
    case 3: return `<input type="text" ${name} ${req} ${o.min_length != null ? `minlength="${o.min_length}"` : ''} ${o.max_length != null ? `maxlength="${o.max_length}"` : ''}>`;
    case 4: return `<input type="number" step="1" ${name} ${req} ${range}>`;
    case 10: return `<input type="number" step="any" ${name} ${req} ${range}>`;
    case 5: return `<input type="checkbox" ${name}>`;
    case 6: case 7: case 8: case 9:
      return `<select ${name} ${req}>${blank}${entityChoices(o.type).map(([v, l]) =>
        `<option value="${esc(v)}">${esc(l)}</option>`).join('')}</select>`;
  }
  return `<span class="command-desc" data-type="${o.type}">not supported in the sandbox</span>`;
}

function renderForm() {
  const form = $('command-form');
  const command = chosen.command;
  const paths = subcommandPaths(command);
  const sub = paths.length ? `<label class="command-option"><span>subcommand</span>
      <select id="command-sub">${paths.map(p => `<option value="${esc(p.join(' '))}"${p.join(' ') === chosen.path.join(' ') ? ' selected' : ''}>${esc(p.join(' '))}</option>`).join('')}</select></label>` : '';
  form.innerHTML = `<div id="command-title"><span class="command-name">/${esc(command.name)}</span> <span class="command-desc">${esc(command.description)}</span></div>
    <div class="command-options">${sub}${leafOptions().map(o => `<label class="command-option" data-option="${esc(o.name)}"><span>${esc(o.name)}${o.required ? '<span class="req">*</span>' : ''}</span>
      ${optionControl(o)}<span class="command-desc">${esc(o.description)}</span></label>`).join('')}</div>
    <div class="command-foot"><span id="command-error"></span><button type="button" class="cancel" data-action="cancel-command">Cancel</button><button type="submit" id="command-run" class="btn primary">Run</button></div>`;
  form.hidden = false;
  const subSelect = $('command-sub');
  if (subSelect) subSelect.onchange = () => { chosen.path = subSelect.value.split(' '); renderForm(); };
  // An optional boolean is sent only once the user touched it.
  form.querySelectorAll('input[type=checkbox]').forEach(b => { b.onchange = () => { b.dataset.touched = '1'; }; });
}

// The options as POST /sandbox/command takes them: name -> value, nested
// under the subcommand (and group).
function optionValues() {
  const values = {};
  for (const o of leafOptions()) {
    const el = $('command-form').querySelector(`[name="${CSS.escape(o.name)}"]`);
    if (!el) continue;
    let value;
    if (o.type === 5) {
      if (!o.required && !el.dataset.touched) continue;
      value = el.checked;
    } else {
      if (el.value === '') continue;
      value = el.value;
      // Numbers as JSON numbers; text the browser could not read as one is
      // sent as it is, for the sandbox to refuse with its reason.
      if ((o.type === 4 || o.type === 10) && el.value.trim() !== '' && !isNaN(Number(el.value))) value = Number(el.value);
    }
    values[o.name] = value;
  }
  return chosen.path.reduceRight((inner, name) => ({[name]: inner}), values);
}

async function runChosen() {
  const error = $('command-error');
  error.textContent = '';
  try {
    const r = await api('/command', {name: chosen.command.name, user_id: me(), channel_id: channel, options: optionValues()});
    closeCommand();
    $('composer').value = '';
    status('');
    await followUp(r.interaction_id, null, 'The application did not respond');
  } catch (e) { error.textContent = e.message; }
}

// The page's message box: true when a command took the submission.
function commandSubmit() {
  if (chosen) { runChosen(); return true; }
  if (picking) {
    const found = matching();
    if (found.length) choose(found[picking.active].name);
    return true;
  }
  return false;
}

function onComposerInput() {
  const value = $('composer').value;
  if (chosen && !value.startsWith(`/${chosen.command.name}`)) closeCommand();
  if (chosen) return;
  if (value.startsWith('/')) { picking = picking || {active: 0}; picking.active = 0; } else picking = null;
  renderPicker();
}

function onComposerKey(ev) {
  if (ev.key === 'Escape' && (picking || chosen)) { closeCommand(); return; }
  if (!picking) return;
  const count = matching().length;
  if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    ev.preventDefault();
    if (count) picking.active = (picking.active + (ev.key === 'ArrowDown' ? 1 : count - 1)) % count;
    renderPicker();
  } else if (ev.key === 'Tab' && count) {
    ev.preventDefault();
    choose(matching()[picking.active].name);
  }
}

// ---- context menus ------------------------------------------------------

function renderMembers() {
  const list = members().map(u => `<div class="member" data-action="member-apps" data-id="${u.id}">
      <div class="avatar" style="background:${colour(u.id)}">${esc((u.username || '?').slice(0, 1).toUpperCase())}</div>
      <span class="member-name">${esc(u.global_name || u.username)}</span>${u.bot ? '<span class="badge">APP</span>' : ''}</div>`).join('');
  const html = `<div class="members-head">Members — ${users.length}</div>${list}`;
  if ($('members').innerHTML !== html) $('members').innerHTML = html;
}

// The "Apps" button on a message.
function appsButton(m) {
  return `<button class="msg-apps" data-action="message-apps" data-mid="${m.id}" title="Apps">Apps</button>`;
}

// Opens the Apps menu of commands of `type` (2 user, 3 message) on `target`.
function openApps(anchor, type, target) {
  const menu = $('apps-menu');
  const found = commands.filter(c => c.type === type);
  menu.innerHTML = `<div class="picker-head">Apps</div>` + (found.length
    ? found.map(c => `<div class="app-command" data-action="app-command" data-name="${esc(c.name)}" data-type="${type}" data-target="${esc(target)}">${esc(c.name)}</div>`).join('')
    : `<div class="command-empty">No ${type === 2 ? 'user' : 'message'} commands</div>`);
  const box = anchor.getBoundingClientRect();
  menu.style.top = `${Math.min(box.bottom + 4, window.innerHeight - 160)}px`;
  menu.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - 240))}px`;
  menu.hidden = false;
}

function closeApps() { $('apps-menu').hidden = true; }

async function runContext(t) {
  closeApps();
  status('');
  try {
    const r = await api('/command', {name: t.dataset.name, type: Number(t.dataset.type), user_id: me(), channel_id: channel, target_id: t.dataset.target});
    await followUp(r.interaction_id, null, 'The application did not respond');
  } catch (e) { status(e.message); }
}

// The page's click handler hands over its actions: true when handled.
function commandAction(t) {
  switch (t.dataset.action) {
    case 'pick-command': choose(t.dataset.name); return true;
    case 'cancel-command': closeCommand(); $('composer').value = ''; return true;
    case 'message-apps': openApps(t, 3, t.dataset.mid); return true;
    case 'member-apps': openApps(t, 2, t.dataset.id); return true;
    case 'app-command': runContext(t); return true;
  }
  return false;
}

// A command's reply line: "@alice used /counter" (or the context menu's name).
function commandReplyLine(m) {
  const meta = m.interaction_metadata;
  const named = m.interaction;
  if (!meta || meta.type !== 2 || !named) return null;
  const menu = meta.target_user || meta.target_message_id;
  return `<div class="replyline">↱ <b>@${esc(meta.user.username)}</b> used <span class="command-used">${menu ? '' : '/'}${esc(named.name)}</span></div>`;
}
