// The run view's page: renders the run the extension sends and posts back what the person does. Every text
// from the SOP or the run log is set as textContent, never as HTML. Typed text is kept (webview state and the
// extension's workspace state) until the event it belongs to is recorded, so closing the view loses nothing.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('run');
  const logPath = document.body.dataset.log;
  const saved = vscode.getState() || {};
  let drafts = Object.assign({}, saved.drafts || {});
  let forms = Object.assign({}, saved.forms || {});
  let pending;
  let last;
  let timer;

  function persist() {
    vscode.setState({ logPath, drafts, forms });
  }
  function draftChanged(key, value) {
    if (value) drafts[key] = value;
    else delete drafts[key];
    persist();
    clearTimeout(timer);
    timer = setTimeout(() => vscode.postMessage({ type: 'drafts', drafts }), 250);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === false) continue;
      if (k === 'onclick') node.addEventListener('click', v);
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return node;
  }

  const time = (iso) => (iso ? iso.slice(11, 16) : '');
  const day = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
  const signature = (s) => (s ? `${s.status}|${s.gate ? s.gate.state : ''}|${s.notes.length}` : 'gone');

  function field(key, label, multiline, value) {
    const id = `f-${key.replace(/[^\w-]/g, '_')}`;
    const input = multiline ? el('textarea', { id, rows: 2 }) : el('input', { id, type: 'text' });
    input.value = drafts[key] !== undefined ? drafts[key] : value || '';
    if (drafts[key] === undefined && value) drafts[key] = value;
    input.dataset.key = key;
    input.addEventListener('input', () => draftChanged(key, input.value));
    return el('label', { for: id, class: 'field' }, el('span', {}, label), input);
  }

  function send(message, step, keys) {
    pending = { stepId: step ? step.id : '', keys, before: signature(step), finish: message.type === 'finish' };
    vscode.postMessage(message);
  }

  const FORMS = {
    different: {
      title: 'Done differently',
      fields: [
        ['what', 'What was done instead', true],
        ['why', 'Why', true],
      ],
      submit: 'Record as done differently',
      message: (s, v) => ({ type: 'step', action: 'different', stepId: s.id, what: v.what, why: v.why }),
    },
    skipped: {
      title: 'Skip',
      fields: [['reason', 'Why is it skipped?', true]],
      submit: 'Record as skipped',
      message: (s, v) => ({ type: 'step', action: 'skipped', stepId: s.id, reason: v.reason }),
    },
    failed: {
      title: 'Failed',
      fields: [['error', 'What went wrong (error message, what you saw)', true]],
      submit: 'Record as failed',
      message: (s, v) => ({ type: 'step', action: 'failed', stepId: s.id, error: v.error }),
    },
    note: {
      title: 'Note',
      fields: [['text', 'Note', true]],
      submit: 'Add note',
      message: (s, v) => ({ type: 'note', stepId: s.id, text: v.text }),
    },
    approve: {
      title: 'Record approval',
      fields: [
        ['by', 'Approved by', false],
        ['saw', 'What they looked at before approving', true],
      ],
      submit: 'Record approval',
      message: (s, v) => ({ type: 'gate', decision: 'approved', stepId: s.id, by: v.by, saw: v.saw }),
    },
    reject: {
      title: 'Record rejection',
      fields: [
        ['by', 'Rejected by', false],
        ['reason', 'Why', true],
      ],
      submit: 'Record rejection',
      message: (s, v) => ({ type: 'gate', decision: 'rejected', stepId: s.id, by: v.by, reason: v.reason }),
    },
  };

  function formFor(step, kind) {
    const spec = FORMS[kind];
    const prefill = (name) => (name === 'by' && step.gate ? step.gate.approver : '');
    const keys = spec.fields.map(([name]) => `${step.id}:${kind}:${name}`);
    const inputs = spec.fields.map(([name, label, multi], i) => field(keys[i], label, multi, prefill(name)));
    const submit = el(
      'button',
      {
        class: 'primary',
        onclick: () => {
          const values = {};
          spec.fields.forEach(([name], i) => (values[name] = (drafts[keys[i]] || '').trim()));
          send(spec.message(step, values), step, keys);
        },
      },
      spec.submit,
    );
    const cancel = el('button', { class: 'link', onclick: () => toggle(step.id, kind) }, 'Cancel');
    return el(
      'div',
      { class: `form form-${kind}`, role: 'group', 'aria-label': `${spec.title}, step ${step.number}` },
      inputs,
      el('div', { class: 'actions' }, submit, cancel),
    );
  }

  function toggle(stepId, kind) {
    forms[stepId] = forms[stepId] === kind ? undefined : kind;
    persist();
    if (last) render(last);
  }

  function gateBox(step, view) {
    const g = step.gate;
    const who = g.approver || 'the approver the SOP names';
    const after = view.steps.find((s) => s.number === step.number + 1);
    const state =
      g.state === 'approved'
        ? `Approved by ${g.by} at ${day(g.at)} — saw: ${g.saw}`
        : g.state === 'rejected'
          ? `Rejected by ${g.by} at ${day(g.at)}: ${g.reason}`
          : g.state === 'requested'
            ? `Approval requested from ${who} at ${day(g.at)}; waiting.`
            : `Waiting for ${who}.`;
    const buttons =
      g.state === 'approved' || view.finished
        ? []
        : [
            g.state === 'waiting'
              ? el('button', { onclick: () => send({ type: 'gate', decision: 'requested', stepId: step.id }, step, []) }, 'Ask for approval')
              : null,
            el('button', { class: 'primary', onclick: () => toggle(step.id, 'approve') }, 'Record approval…'),
            el('button', { onclick: () => toggle(step.id, 'reject') }, 'Rejected…'),
          ];
    return el(
      'div',
      { class: `gate gate-${g.state}`, role: 'note' },
      el('strong', {}, 'Approval gate: '),
      `${who} must approve${after ? ` before step ${after.number}` : ''} ("${g.phrase}").`,
      el('div', { class: 'gate-state' }, state),
      buttons.length ? el('div', { class: 'actions' }, buttons) : null,
    );
  }

  function stepItem(step, view) {
    const blocked = step.blockedBy !== undefined;
    const recorded = step.status !== 'open';
    const isNext = view.next === step.number;
    const done = el(
      'button',
      {
        class: `check ${recorded ? 'checked' : ''}`,
        'aria-label': recorded ? `Step ${step.number}: ${step.status}` : `Mark step ${step.number} done`,
        title: blocked ? `Waits for the approval at step ${step.blockedBy}` : 'Mark done',
        disabled: recorded || blocked || !!view.finished,
        onclick: () => send({ type: 'step', action: 'done', stepId: step.id }, step, []),
      },
      recorded ? { done: '✓', different: '≈', skipped: '–', failed: '✗' }[step.status] : '',
    );
    const status = recorded
      ? el(
          'div',
          { class: `status status-${step.status}` },
          `${{ done: 'Done', different: 'Done differently', skipped: 'Skipped', failed: 'Failed' }[step.status]} at ${time(step.at)} by ${step.by}`,
          step.detail ? ` — ${step.detail}` : '',
        )
      : blocked
        ? el('div', { class: 'status status-blocked' }, `Waits for the approval gate at step ${step.blockedBy}.`)
        : null;
    const code = step.code.map((c) =>
      el(
        'div',
        { class: 'code' },
        el('code', {}, c),
        el('button', { class: 'copy', 'aria-label': `Copy ${c}`, onclick: () => vscode.postMessage({ type: 'copy', text: c }) }, 'Copy'),
      ),
    );
    const more =
      recorded || blocked || view.finished
        ? []
        : [
            el('button', { onclick: () => toggle(step.id, 'different') }, 'Done differently…'),
            el('button', { onclick: () => toggle(step.id, 'skipped') }, 'Skip…'),
            el('button', { onclick: () => toggle(step.id, 'failed') }, 'Failed…'),
          ];
    if (!view.finished) more.push(el('button', { onclick: () => toggle(step.id, 'note') }, 'Note…'));
    const open = forms[step.id];
    return el(
      'li',
      {
        class: `step step-${step.status}${blocked ? ' blocked' : ''}${isNext ? ' next' : ''}`,
        'data-step': step.number,
        'aria-current': isNext ? 'step' : undefined,
      },
      el('div', { class: 'head' }, done, el('div', { class: 'text' }, el('span', { class: 'num' }, `${step.number}.`), ' ', step.text)),
      step.details.length
        ? el(
            'ul',
            { class: 'details' },
            step.details.map((d) => el('li', {}, d)),
          )
        : null,
      code.length ? el('div', { class: 'codes' }, code) : null,
      step.gate ? gateBox(step, view) : null,
      status,
      step.notes.length
        ? el(
            'ul',
            { class: 'notes' },
            step.notes.map((n) => el('li', {}, `${time(n.at)} ${n.by}: ${n.text}`)),
          )
        : null,
      more.length ? el('div', { class: 'actions secondary' }, more) : null,
      open && FORMS[open] ? formFor(step, open) : null,
    );
  }

  function render(state) {
    last = state;
    const view = state.view;
    if (pending) {
      const step = view.steps.find((s) => s.id === pending.stepId);
      if (signature(step) !== pending.before || (pending.finish && view.finished)) {
        for (const k of pending.keys) delete drafts[k];
        if (step) forms[step.id] = undefined;
        if (pending.finish) forms.__run = undefined;
        persist();
        vscode.postMessage({ type: 'drafts', drafts });
      }
      pending = undefined;
    }
    const recorded = view.steps.filter((s) => s.status !== 'open').length;
    const values = Object.entries(view.parameters).map(([k, v]) => `${k} ${v}`);
    const header = el(
      'header',
      {},
      el('h1', {}, state.title),
      el(
        'p',
        { class: 'meta' },
        `Run ${view.run} · started ${day(view.startedAt)} by ${view.startedBy || 'unknown'}`,
        values.length ? ` · ${values.join(', ')}` : '',
        view.approvedOn ? ` · SOP approved on ${view.approvedOn}` : ' · trial run (the SOP is not approved)',
      ),
      view.sameVersion ? null : el('p', { class: 'warning' }, 'The SOP was edited after this run started: the steps are shown as they read now.'),
      view.problems.length
        ? el(
            'ul',
            { class: 'warning' },
            view.problems.map((p) => el('li', {}, p)),
          )
        : null,
      el('div', { class: 'progress' }, el('progress', { max: view.steps.length, value: recorded }), ` ${recorded} of ${view.steps.length} steps recorded`),
    );
    const steps = el(
      'ol',
      { class: 'steps' },
      view.steps.map((s) => stepItem(s, view)),
    );
    const runNotes = view.notes.length
      ? el(
          'ul',
          { class: 'notes' },
          view.notes.map((n) => el('li', {}, `${time(n.at)} ${n.by}: ${n.text}`)),
        )
      : null;
    const footer = view.finished
      ? el(
          'footer',
          { class: `result result-${view.finished}` },
          el('h2', {}, view.finished === 'completed' ? 'Run finished' : `Run ${view.finished}`),
          el(
            'ul',
            {},
            state.result.map((r) => el('li', {}, r)),
          ),
          el('div', { class: 'actions' }, el('button', { class: 'primary', onclick: () => vscode.postMessage({ type: 'showRuns' }) }, 'Show all runs')),
        )
      : el(
          'footer',
          {},
          el(
            'div',
            { class: 'actions' },
            el(
              'button',
              {
                class: 'primary',
                disabled: !state.canFinish,
                title: state.canFinish ? 'Record the run as completed' : 'Record every step first',
                onclick: () => send({ type: 'finish', outcome: 'completed' }, undefined, []),
              },
              'Finish run',
            ),
            el('button', { onclick: () => toggle('__run', 'stop') }, 'Stop run…'),
            el('button', { class: 'link', onclick: () => vscode.postMessage({ type: 'openSop' }) }, 'Open the SOP'),
            el('button', { class: 'link', onclick: () => vscode.postMessage({ type: 'showRuns' }) }, 'Show all runs'),
          ),
          forms.__run === 'stop'
            ? el(
                'div',
                { class: 'form' },
                field('__run:stop:reason', 'Why does the run stop here?', true),
                el(
                  'div',
                  { class: 'actions' },
                  el(
                    'button',
                    {
                      class: 'primary',
                      onclick: () =>
                        send({ type: 'finish', outcome: 'stopped', reason: (drafts['__run:stop:reason'] || '').trim() }, undefined, ['__run:stop:reason']),
                    },
                    'Stop the run',
                  ),
                ),
              )
            : null,
        );
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : undefined;
    root.replaceChildren(header, steps, runNotes || '', footer);
    if (focused) {
      const again = root.querySelector(`[data-key="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || m.type !== 'state') return;
    drafts = Object.assign({}, m.drafts || {}, drafts);
    // A form with text typed in it opens again, as it was left (after the view or the window was closed).
    for (const key of Object.keys(drafts)) {
      const [stepId, kind] = key.split(':');
      if (stepId && kind && !forms[stepId]) forms[stepId] = kind;
    }
    persist();
    render(m);
  });
  persist();
  vscode.postMessage({ type: 'ready' });
})();
