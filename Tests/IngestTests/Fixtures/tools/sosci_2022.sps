* Um den Datensatz in SPSS zu laden, führen Sie diese Syntax bitte vollständig aus.

DATA LIST FREE(TAB)
 /CASE (F8.0)
  SERIAL (A16)
  REF (A16)
  QUESTNNR (A16)
  MODE (A16)
  STARTED (DATETIME)
  GE01_01 (A16)
  TR01_01 (F3.0)
  TR01_02 (F3.0)
  TR01_03 (F3.0)
  TR01_04 (F3.0)
  TR01_05 (F3.0)
  DR02_01 (F3.0)
  DR02_02 (F3.0)
  DR02_03 (F3.0)
  DR02_04 (F3.0)
  SD01 (F8.0)
  TIME001 (F8.0)
  TIME002 (F8.0)
  TIME003 (F8.0)
  TIME004 (F8.0)
  TIME_SUM (F8.0)
  MAILSENT (DATETIME)
  LASTDATA (DATETIME)
  FINISHED (F8.0)
  Q_VIEWER (F8.0)
  LASTPAGE (F8.0)
  MAXPAGE (F8.0)
  MISSING (F8.0)
  MISSREL (F8.0)
  TIME_RSI (F12.4)
  DEG_TIME (F8.0).
BEGIN DATA
118			hvb	pretest	2022-05-21 10:12:22	15090021	2	4	3	3	4	3	2	4	4	3	64	257	225	96	642			1	0	5	5	0	0	0.68	5
119			hvb	pretest	2022-05-19 11:08:57	15084005	1	3	3	2	4	3	-9	3	3	1	54	216	189	81	540			1	0	5	5	11	11	0.69	5
120			hvb	pretest	2022-03-11 16:13:58	15084024	3	2	3	4	3	4	3	4	4	1	40	163	142	61	406			1	0	5	5	0	0	1.22	6
121	M15090021		hvb	interview	2022-03-08 16:12:33	15090021	2	4	3	3	4	3	2	4	4	3	64	257	225	96	642			1	0	5	5	0	0	1.02	17
123	M15084005		hvb	interview	2022-04-25 13:44:23	15084005	1	3	3	2	4	3	-9	3	3	1	54	216	189	81	540			1	0	5	5	11	11	0.92	12
124	M15084024		hvb	interview	2022-05-05 17:29:29	15084024	3	2	3	4	3	4	3	4	4	1	40	163	142	61	406			1	0	5	5	0	0	1.24	7
127	M15083025		hvb	interview	2022-05-12 10:11:30	15083025	3	3	3	2	3	4	2	2	-1	1	82	329	288	123	822			1	0	5	5	11	11	1.11	13
128	M15084002		hvb	interview	2022-04-11 18:11:55	15084002	3	3	3	3	4	2	2	4	2	1	40	160	140	60	400			1	0	5	5	0	0	1.17	4
129	M15083024		hvb	interview	2022-05-06 18:58:11	15083024	1	1	3	3	2	2	2	-9	2	1	34	138	121	52	345			1	0	5	5	11	11	1.21	3
132	M15091002		hvb	interview	2022-03-20 13:13:43	15091002	3	3	3	3	3	3	-1	2	4	1	34	136	119	51	340			1	0	5	5	11	11	0.8	14
133	M15083004		hvb	interview	2022-03-19 15:34:59	15083004										1	82	328			410			0	0	2	2	100	100	1.12	10
136	M15084015		hvb	interview	2022-05-19 17:18:40	15084015	3	1	2	2	4	2	2	3	2	1	22	89	78	33	222			1	0	5	5	0	0	0.7	6
137	M15087001		hvb	interview	2022-03-18 14:15:55	15087001	4	3	5	3	5	3	3	3	3	1	91	366	320	137	914			1	0	5	5	0	0	0.96	10
138	M15087022		hvb	interview	2022-03-23 14:30:28	15087022	3	-1	2	3	2	2	2	1	1	3	65	261	228	98	652			1	0	5	5	11	11	0.87	7
139	M15088014		hvb	interview	2022-03-04 15:41:43	15088014	3	3	3	3	3	3	3	3	3	1	22	88	77	33	220			1	0	5	5	0	0	3.36	277
140	M15084001		hvb	interview	2022-03-20 14:17:51	15084001	3	3	4	3	4	3	4	3	5	1	32	131	114	49	326			1	0	5	5	0	0	0.92	15
141	M15083012		hvb	interview	2022-05-17 10:23:06	15083012	3	1	1	3	3	2	1	2	2	1	72	290	254	108	724			1	0	5	5	0	0	1.08	20
142	M15090024		hvb	interview	2022-04-04 13:19:44	15090024	3	4	3	4	3	4	4	4	1	3	71	284	248	106	709			1	0	5	5	0	0	1.36	18
143	M15088019		hvb	interview	2022-05-09 11:29:05	15088019	3	3	3	-9	3	1	3	1	3	1	69	276	241	103	689			1	0	5	5	11	11	0.71	5
146	M15089007		hvb	interview	2022-04-06 15:23:42	15089007	-1	5	5	5	4	4	4	3	-9	3	44	179	156	67	446			1	0	5	5	22	22	1.15	4
149	M15087008		hvb	interview	2022-04-07 09:17:58	15087008	3	3	4	3	4	3	4	3	3	1	65	263	230	98	656			1	0	5	5	0	0	0.81	12
152	M15001000		hvb	interview	2022-04-09 11:55:31	15001000	2	3	2	2	3	2	3	3	3	2	74	296	259	111	740			1	0	5	5	0	0	1.33	11
153	M15084012		hvb	interview	2022-05-28 16:43:08	15084012	5	3	4	4	4	5	4	4	3	1	85	342	299	128	854			1	0	5	5	0	0	0.97	8
156	M15081005		hvb	interview	2022-05-06 09:37:10	15081005	4	3	4	4	5	3	4	4	3	3	48	192	168	72	480			1	0	5	5	0	0	1.18	10
158	M15087007		hvb	interview	2022-04-11 11:27:46	15087007	5	5	-1	5	4	4	3	4	5	1	27	110	96	41	274			1	0	5	5	11	11	0.82	1
159	M15083019		hvb	interview	2022-05-10 17:58:03	15083019	3	3	2	-1	3	3	3	1	-1	1	50	201	176	75	502			1	0	5	5	22	22	0.88	4
160	M15083023		hvb	interview	2022-04-16 07:30:40	15083023	3	2	3	3	4	-9	3	4	3	3	68	275	241	103	687			1	0	5	5	11	11	0.98	3
162	M15087009		hvb	interview	2022-03-25 07:48:42	15087009	5	4	5	5	5	3	5	3	4	1	78	312	273	117	780			1	0	5	5	0	0	0.92	13
163	M15085007		hvb	interview	2022-05-21 12:01:47	15085007	3	4	4	4	3	3	3	4	3	3	45	180	158	67	450			1	0	5	5	0	0	0.74	5
164	M15083021		hvb	interview	2022-04-13 15:46:48	15083021	4	5	5	4	4	3	5	3	4	1	52	211	185	79	527			1	0	5	5	0	0	0.98	9
165	M15084025		hvb	interview	2022-05-24 15:48:18	15084025	4	4	5	4	4	4	4	4	4	1	45	182	159	68	454			1	0	5	5	0	0	0.98	9
168	M15084023		hvb	interview	2022-03-21 14:12:07	15084023	4	4	4	4	4	4	3	3	4	1	36	146	128	55	365			1	0	5	5	0	0	1.13	14
171	M15083005		hvb	interview	2022-05-16 13:24:49	15083005	3	4	3	5	2	2	3	2	3	1	53	212	185	79	529			1	0	5	5	0	0	0.79	18
172	M15082007		hvb	interview	2022-05-13 19:51:55	15082007	3	2	3	3	3					3	45	183	160		228			0	0	3	3	44	44	1.36	15
173	M15087021		hvb	interview	2022-03-16 12:43:58	15087021	4	3	4	4	5	3	3	4	3	3	37	150	131	56	374			1	0	5	5	0	0	0.87	0
175	M15084007		hvb	interview	2022-04-05 18:19:14	15084007	2	4	3	5	2	5	5	3	4	1	49	198	173	74	494			1	0	5	5	0	0	0.73	3
178	M15087016		hvb	interview	2022-04-05 10:52:15	15087016	4	5	4	4	4	-1	3	3	3	3	51	207	181	77	516			1	0	5	5	11	11	1.27	2
180	M15086008		hvb	interview	2022-03-10 13:46:48	15086008	3	3	2	2	3	1	3	3	3	1	61	246	215	92	614			1	0	5	5	0	0	1.05	10
182	M15083027		hvb	interview	2022-03-15 16:57:15	15083027	2	-1	4	3	3	3	3	-1	4	1	58	232	203	87	580			1	0	5	5	22	22	0.69	10
184	M15083032		hvb	interview	2022-04-02 14:15:12	15083032	2	4	3	3	5	3	4	3	4	1	22	88	77	33	220			1	0	5	5	0	0	1.37	13
185	M15091004		hvb	interview	2022-03-22 08:15:25	15091004	5	4	3	4	3	4	3	-9	2	3	58	234	205	88	585			1	0	5	5	11	11	1.16	19
188	M15082003		hvb	interview	2022-03-27 11:30:22	15082003	1	2	2	2	2	2	3	1	2	1	55	222	194	83	554			1	0	5	5	0	0	1.16	11
190	M15082005		hvb	interview	2022-05-22 15:26:02	15082005	2	2	2	1	3	3	1	2	2	3	63	254	222	95	634			1	0	5	5	0	0	0.72	17
END DATA.


VARIABLE LABELS
 CASE 'Interview-Nummer (fortlaufend)'
 SERIAL 'Personenkennung oder Teilnahmecode (sofern verwendet)'
 REF 'Referenz (sofern im Link angegeben)'
 QUESTNNR 'Fragebogen, der im Interview verwendet wurde'
 MODE 'Interview-Modus'
 STARTED 'Zeitpunkt zu dem das Interview begonnen hat (Europe/Berlin)'
 GE01_01 'Gemeinde: Amtlicher Gemeindeschlüssel (AGS)'
 TR01_01 'Vertrauen: Ich vertraue darauf, dass die Landesregierung die Interessen der Kommunen berücksichtigt.'
 TR01_02 'Vertrauen: Ich vertraue der Kreisverwaltung als verlässlichem Partner.'
 TR01_03 'Vertrauen: Ich vertraue den Verwaltungsspitzen unserer Nachbarkommunen.'
 TR01_04 'Vertrauen: Die interkommunale Zusammenarbeit beruht bei uns auf gegenseitigem Vertrauen.'
 TR01_05 'Vertrauen: Ich vertraue unseren kommunalen IT-Dienstleistern.'
 DR02_01 'Digitalisierung: Die wichtigsten Verwaltungsleistungen sind bei uns online verfügbar.'
 DR02_02 'Digitalisierung: Die elektronische Akte ist in unserer Verwaltung eingeführt.'
 DR02_03 'Digitalisierung: Breitband und Anschluss an das Verwaltungsnetz sind ausreichend.'
 DR02_04 'Digitalisierung: Unsere Beschäftigten verfügen über die nötigen digitalen Kompetenzen.'
 SD01 'Funktion'
 TIME001 'Verweildauer Seite 1'
 TIME002 'Verweildauer Seite 2'
 TIME003 'Verweildauer Seite 3'
 TIME004 'Verweildauer Seite 4'
 TIME_SUM 'Verweildauer gesamt (ohne Ausreißer)'
 MAILSENT 'Versandzeitpunkt der Einladungsmail (nur für nicht-anonyme Adressaten)'
 LASTDATA 'Zeitpunkt als der Datensatz das letzte mal geändert wurde'
 FINISHED 'Wurde die Befragung abgeschlossen (letzte Seite erreicht)?'
 Q_VIEWER 'Hat der Teilnehmer den Fragebogen nur angesehen, ohne die Pflichtfragen zu beantworten?'
 LASTPAGE 'Seite, die der Teilnehmer zuletzt bearbeitet hat'
 MAXPAGE 'Letzte Seite, die im Fragebogen bearbeitet wurde'
 MISSING 'Anteil fehlender Antworten in Prozent'
 MISSREL 'Anteil fehlender Antworten (gewichtet nach Relevanz)'
 TIME_RSI 'Ausfüll-Geschwindigkeit (relativ)'
 DEG_TIME 'Maluspunkte für schnelles Ausfüllen'
.


VALUE LABELS
 /TR01_01 TR01_02 TR01_03 TR01_04 TR01_05 DR02_01 DR02_02 DR02_03 DR02_04
 1 'trifft gar nicht zu' 2 'trifft eher nicht zu' 3 'teils/teils' 4 'trifft eher zu' 5 'trifft voll zu' -1 'weiß nicht' -9 'nicht beantwortet'
 /SD01 1 'Bürgermeister/in' 2 'Oberbürgermeister/in' 3 'Verbandsgemeindebürgermeister/in' -9 'nicht beantwortet'
 /FINISHED 0 'abgebrochen' 1 'ausgefüllt'
 /Q_VIEWER 0 'Teilnehmer' 1 'Durchklicker'
.

MISSING VALUES
 TR01_01 TR01_02 TR01_03 TR01_04 TR01_05 DR02_01 DR02_02 DR02_03 DR02_04 SD01 (-1,-9)
.
