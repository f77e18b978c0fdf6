import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store';
import { selectModelsByTask } from '../../store/models-slice';

const byTranscription = selectModelsByTask('transcription');
const byDiarization = selectModelsByTask('diarization');

/** Model, task, language, diarization and speaker-count hints. */
export function AudioOptions() {
  const o = useAppStore((s) => s.audioLab.options);
  const set = useAppStore((s) => s.setAudioOptions);
  const asr = useAppStore(useShallow((s) => byTranscription(s).map((m) => m.key)));
  const diar = useAppStore(useShallow((s) => byDiarization(s).map((m) => m.key)));
  useEffect(() => {
    if (!o.model && asr[0]) set({ model: asr[0] });
    if (!o.diarizationModel && diar[0]) set({ diarizationModel: diar[0] });
  }, [asr, diar, o.model, o.diarizationModel, set]);
  const num = (name: 'numSpeakers' | 'minSpeakers' | 'maxSpeakers', label: string) => (
    <label>{label}<input type="number" min={1} max={32} value={o[name]} onChange={(e) => set({ [name]: e.target.value })} style={{ width: 90 }} disabled={!o.isDiarized} /></label>
  );
  return (
    <div className="row">
      <label>Model
        {asr.length
          ? <select value={o.model} onChange={(e) => set({ model: e.target.value })}>{asr.map((k) => <option key={k} value={k}>{k}</option>)}</select>
          : <input value={o.model} onChange={(e) => set({ model: e.target.value })} placeholder="canary" />}
      </label>
      <label>Task
        <select value={o.task} onChange={(e) => set({ task: e.target.value as typeof o.task })}>
          <option value="transcribe">transcribe</option>
          <option value="translate">translate to English</option>
        </select>
      </label>
      <label>Language<input value={o.language} onChange={(e) => set({ language: e.target.value.trim() })} placeholder="auto (en, fr…)" style={{ width: 110 }} /></label>
      <label className="inline"><input type="checkbox" checked={o.isDiarized} disabled={o.task === 'translate'} onChange={(e) => set({ isDiarized: e.target.checked })} />Diarization (who spoke when)</label>
      <label>Diarization model
        {diar.length
          ? <select value={o.diarizationModel} onChange={(e) => set({ diarizationModel: e.target.value })} disabled={!o.isDiarized}>{diar.map((k) => <option key={k} value={k}>{k}</option>)}</select>
          : <input value={o.diarizationModel} onChange={(e) => set({ diarizationModel: e.target.value })} placeholder="pyannote" disabled={!o.isDiarized} />}
      </label>
      {num('numSpeakers', 'Speakers')}
      {num('minSpeakers', 'At least')}
      {num('maxSpeakers', 'At most')}
    </div>
  );
}
