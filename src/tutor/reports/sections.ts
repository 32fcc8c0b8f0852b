/** The lecture's sections as report rows: which lessons and quiz cards belong to each, and a readable name. */
import type { Content, SectionId } from '../content/schema.ts';
import { SECTION_IDS } from '../content/schema.ts';
import { quizItems } from '../quiz-items.ts';

/** One section of the lecture with its lessons and its quiz cards. */
export interface ReportSection {
  id: SectionId;
  title: string;
  lessonIds: string[];
  questionIds: string[];
}

/** Short row names (a heatmap's label column is narrow; the lessons' own titles run to 50 characters). */
const SECTION_NAMES: Record<SectionId, string> = {
  'gradient-descent': 'Gradient descent', optimisers: 'Optimisers', activations: 'Activations', overfitting: 'Overfitting',
  regularisation: 'Regularisation', 'training-stages': 'Train/val/test stages', 'how-to-train': 'How to train',
  'deep-architectures': 'Deep architectures', exercises: 'Practice exercises',
};

/** Sections in lecture order that have at least one lesson, with short names. */
export function reportSections(content: Content): ReportSection[] {
  const items = quizItems(content);
  return SECTION_IDS.map((id): ReportSection => {
    const lessons = content.lessons.filter((l) => l.section === id);
    const lessonIds = lessons.map((l) => l.id);
    const title = SECTION_NAMES[id];
    return { id, title, lessonIds, questionIds: items.filter((q) => lessonIds.includes(q.lesson)).map((q) => q.id) };
  }).filter((s) => s.lessonIds.length > 0);
}

/** question id → section id, and lesson id → section id. */
export function sectionIndex(sections: readonly ReportSection[]): { ofQuestion: Map<string, SectionId>; ofLesson: Map<string, SectionId> } {
  const ofQuestion = new Map<string, SectionId>();
  const ofLesson = new Map<string, SectionId>();
  for (const s of sections) {
    for (const q of s.questionIds) ofQuestion.set(q, s.id);
    for (const l of s.lessonIds) ofLesson.set(l, s.id);
  }
  return { ofQuestion, ofLesson };
}
